using System.Text.Json;
using System.Text.Json.Nodes;
using AgentGateway.Hosting.Tokens;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace AgentGateway.Tests.Hosting;

/// <summary><c>agentgateway token</c>: claims, lifetimes and errors, on tokens verified with IdentityModel.</summary>
public sealed class TokenCommandTests : IDisposable
{
    private const string Issuer = "https://local-auth.example/";
    private const string Audience = "http://localhost:3000/mcp";

    private static readonly DateTimeOffset s_now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TokenToolsHarness _harness = new();

    [Fact]
    public async Task Token_IssueExample_PermissionsIsAnArrayAndTheTokenVerifies()
    {
        var keys = await _harness.KeygenAsync("k");

        var token = await TokenToolsHarness.TokenAsync(keys, "--iss", Issuer, "--aud", Audience, "--sub", "alice", "--claim", "permissions=read:tools");

        var result = await TokenToolsHarness.ValidateAsync(token, keys, Issuer, Audience);
        Assert.True(result.IsValid, result.Exception?.ToString());
        var payload = Payload(token);
        Assert.Equal(Issuer, payload["iss"]!.GetValue<string>());
        Assert.Equal("alice", payload["sub"]!.GetValue<string>());
        Assert.Equal(Audience, payload["aud"]!.GetValue<string>()); // one audience: a string, as Auth0 sends it
        Assert.Equal("""["read:tools"]""", payload["permissions"]!.ToJsonString());
    }

    [Fact]
    public async Task Token_SeveralAudiences_AudIsAnArrayAcceptedForEach()
    {
        var keys = await _harness.KeygenAsync("k", "--alg", "ES256");
        const string UserInfo = "https://local-auth.example/userinfo";

        var token = await TokenToolsHarness.TokenAsync(keys, "--iss", Issuer, "--aud", Audience, "--aud", UserInfo);

        Assert.Equal($"""["{Audience}","{UserInfo}"]""", Payload(token)["aud"]!.ToJsonString());
        Assert.True((await TokenToolsHarness.ValidateAsync(token, keys, Issuer, Audience)).IsValid);
        Assert.True((await TokenToolsHarness.ValidateAsync(token, keys, Issuer, UserInfo)).IsValid);
        Assert.False((await TokenToolsHarness.ValidateAsync(token, keys, Issuer, "https://other.example")).IsValid);
    }

    [Fact]
    public async Task Token_Auth0MachineToMachineShape_IsReproducible()
    {
        var keys = await _harness.KeygenAsync("k");

        var token = await TokenToolsHarness.TokenAsync(keys,
            "--iss", Issuer, "--aud", Audience, "--sub", "abc123@clients",
            "--claim", "azp=abc123", "--claim", "gty=client-credentials",
            "--claim", "scope=read:tools", "--claim", "scope=write:tools",
            "--claim", "permissions=read:tools", "--claim", "permissions=write:tools");

        var payload = Payload(token);
        Assert.Equal("abc123@clients", payload["sub"]!.GetValue<string>());
        Assert.Equal("client-credentials", payload["gty"]!.GetValue<string>());
        Assert.Equal("read:tools write:tools", payload["scope"]!.GetValue<string>());
        Assert.Equal("""["read:tools","write:tools"]""", payload["permissions"]!.ToJsonString());
    }

    [Fact]
    public async Task Token_Header_HasAlgKidAndTypJwt()
    {
        var keys = await _harness.KeygenAsync("k", "--alg", "PS256", "--kid", "k1");

        var jwt = TokenToolsHarness.Read(await TokenToolsHarness.TokenAsync(keys, "--iss", Issuer, "--aud", Audience));

        Assert.Equal("PS256", jwt.Alg);
        Assert.Equal("k1", jwt.Kid);
        Assert.Equal("JWT", jwt.Typ);
    }

    [Fact]
    public async Task Token_Defaults_IatNowExpOneHourLaterNoNbfNoSub()
    {
        var keys = await _harness.KeygenAsync("k");

        var run = await TokenToolsHarness.RunTokenAsync(new FakeTimeProvider(s_now), "--key", PrivateKey(keys), "--iss", Issuer, "--aud", Audience);

        Assert.Equal(0, run.ExitCode);
        var payload = Payload(run.SingleLine());
        Assert.Equal(s_now.ToUnixTimeSeconds(), payload["iat"]!.GetValue<long>());
        Assert.Equal(s_now.AddHours(1).ToUnixTimeSeconds(), payload["exp"]!.GetValue<long>());
        Assert.False(payload.ContainsKey("nbf"));
        Assert.False(payload.ContainsKey("sub"));
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("1h30m", 5400)]
    [InlineData("1d", 86400)]
    [InlineData("3600", 3600)]
    public async Task Token_ExpiresIn_SetsExpFromNow(string duration, long seconds)
    {
        var keys = await _harness.KeygenAsync("k", "--alg", "ES256");

        var run = await TokenToolsHarness.RunTokenAsync(new FakeTimeProvider(s_now),
            "--key", PrivateKey(keys), "--iss", Issuer, "--aud", Audience, "--expires-in", duration);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(s_now.ToUnixTimeSeconds() + seconds, Payload(run.SingleLine())["exp"]!.GetValue<long>());
    }

    [Fact]
    public async Task Token_NegativeExpiresIn_IsAnExpiredTokenThatValidationRejects()
    {
        var keys = await _harness.KeygenAsync("k");

        var token = await TokenToolsHarness.TokenAsync(keys, "--iss", Issuer, "--aud", Audience, "--expires-in", "-5m");

        var result = await TokenToolsHarness.ValidateAsync(token, keys, Issuer, Audience);
        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
        Assert.True((await TokenToolsHarness.ValidateAsync(token, keys, Issuer, Audience, validateLifetime: false)).IsValid);
    }

    [Theory]
    [InlineData("10m", 600)]
    [InlineData("-1m", -60)]
    [InlineData("2026-03-01T12:30:00Z", 1800)]
    public async Task Token_NotBefore_AddsNbf(string notBefore, long secondsFromNow)
    {
        var keys = await _harness.KeygenAsync("k");

        var run = await TokenToolsHarness.RunTokenAsync(new FakeTimeProvider(s_now),
            "--key", PrivateKey(keys), "--iss", Issuer, "--aud", Audience, "--not-before", notBefore);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(s_now.ToUnixTimeSeconds() + secondsFromNow, Payload(run.SingleLine())["nbf"]!.GetValue<long>());
    }

    [Fact]
    public async Task Token_NotBeforeInTheFuture_ValidationRejectsUntilThen()
    {
        var keys = await _harness.KeygenAsync("k");

        var token = await TokenToolsHarness.TokenAsync(keys, "--iss", Issuer, "--aud", Audience, "--not-before", "30m");

        Assert.IsType<SecurityTokenNotYetValidException>((await TokenToolsHarness.ValidateAsync(token, keys, Issuer, Audience)).Exception);
    }

    [Fact]
    public async Task Token_ClaimsWithJsonAndRepeatedNames_AreWrittenAsJson()
    {
        var keys = await _harness.KeygenAsync("k");

        var token = await TokenToolsHarness.TokenAsync(keys, "--iss", Issuer, "--aud", Audience,
            "--claim", "org_id=org_1", "--claim", "tier=1",
            "--claim", """realm_access={"roles":["mcp-admin"]}""",
            "--claim", "team=a", "--claim", "team=b",
            "--claim", """roles=["admin","ops"]""");

        var payload = Payload(token);
        Assert.Equal("org_1", payload["org_id"]!.GetValue<string>());
        Assert.Equal("1", payload["tier"]!.GetValue<string>()); // a string: only [ and { start JSON
        Assert.Equal("""{"roles":["mcp-admin"]}""", payload["realm_access"]!.ToJsonString());
        Assert.Equal("""["a","b"]""", payload["team"]!.ToJsonString());
        Assert.Equal("""["admin","ops"]""", payload["roles"]!.ToJsonString());
        Assert.True((await TokenToolsHarness.ValidateAsync(token, keys, Issuer, Audience)).IsValid);
    }

    [Theory]
    [InlineData("ES384", "EC", "ES384")]
    [InlineData("RS256", "RSA", "RS256")]
    public async Task Token_KeyWithoutAlg_AlgorithmFollowsTheKeyType(string generated, string keyType, string expected)
    {
        var keys = await _harness.KeygenAsync("k", "--alg", generated);
        var jwk = JsonNode.Parse(await File.ReadAllTextAsync(PrivateKey(keys), TestContext.Current.CancellationToken))!.AsObject();
        Assert.Equal(keyType, jwk["kty"]!.GetValue<string>());
        jwk.Remove("alg");
        await File.WriteAllTextAsync(PrivateKey(keys), jwk.ToJsonString(), TestContext.Current.CancellationToken);

        var token = await TokenToolsHarness.TokenAsync(keys, "--iss", Issuer, "--aud", Audience);

        Assert.Equal(expected, TokenToolsHarness.Read(token).Alg);
        Assert.True((await TokenToolsHarness.ValidateAsync(token, keys, Issuer, Audience)).IsValid);
    }

    [Fact]
    public async Task Token_KeyWithoutKid_WarnsOnStderrAndStillPrintsOnlyTheToken()
    {
        var keys = await _harness.KeygenAsync("k");
        var jwk = JsonNode.Parse(await File.ReadAllTextAsync(PrivateKey(keys), TestContext.Current.CancellationToken))!.AsObject();
        jwk.Remove("kid");
        await File.WriteAllTextAsync(PrivateKey(keys), jwk.ToJsonString(), TestContext.Current.CancellationToken);

        var run = await TokenToolsHarness.RunAsync("token", "--key", PrivateKey(keys), "--iss", Issuer, "--aud", Audience);

        Assert.Equal(0, run.ExitCode);
        var header = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(run.SingleLine().Split('.')[0]))!.AsObject();
        Assert.False(header.ContainsKey("kid"));
        Assert.StartsWith("warning: ", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--expires-in", "soon" }, "--expires-in 'soon' is not a duration")]
    [InlineData(new[] { "--expires-in", "0" }, "--expires-in '0' is not a duration")]
    [InlineData(new[] { "--not-before", "whenever" }, "--not-before 'whenever'")]
    [InlineData(new[] { "--not-before", "2h" }, "at or after the expiry")]
    [InlineData(new[] { "--claim", "permissions" }, "is not name=value")]
    [InlineData(new[] { "--claim", "=x" }, "is not name=value")]
    [InlineData(new[] { "--claim", "roles=[admin" }, "not valid JSON")]
    [InlineData(new[] { "--claim", "exp=1" }, "--claim cannot set 'exp'")]
    public async Task Token_BadValue_Returns1WithOneLine(string[] extra, string message)
    {
        var keys = await _harness.KeygenAsync("k");

        var run = await TokenToolsHarness.RunAsync(["token", "--key", PrivateKey(keys), "--iss", Issuer, "--aud", Audience, .. extra]);

        AssertOneErrorLine(run, 1, message);
    }

    [Theory]
    [InlineData(new[] { "--iss", Issuer, "--aud", Audience }, "'--key' is required")]
    [InlineData(new[] { "--key", "k.json", "--aud", Audience }, "'--iss' is required")]
    [InlineData(new[] { "--key", "k.json", "--iss", Issuer }, "'--aud' is required")]
    [InlineData(new[] { "--key", "k.json", "--iss", Issuer, "--aud" }, "needs a value")]
    [InlineData(new[] { "--key", "k.json", "--iss", Issuer, "--aud", Audience, "--audience", "x" }, "unknown argument '--audience'")]
    public async Task Token_BadCommandLine_Returns2WithOneLine(string[] args, string message)
    {
        var run = await TokenToolsHarness.RunAsync(["token", .. args]);

        AssertOneErrorLine(run, 2, message);
        Assert.Contains("agentgateway token --help", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_MissingKeyFile_Returns1AndSaysHowToMakeOne()
    {
        var run = await TokenToolsHarness.RunAsync("token", "--key", Path.Combine(_harness.Directory, "nope.json"), "--iss", Issuer, "--aud", Audience);

        AssertOneErrorLine(run, 1, "not found");
        Assert.Contains("agentgateway keygen", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_JwksInsteadOfPrivateKey_Returns1()
    {
        var keys = await _harness.KeygenAsync("k");

        var run = await TokenToolsHarness.RunAsync("token", "--key", Path.Combine(keys, KeygenCommand.JwksFileName), "--iss", Issuer, "--aud", Audience);

        AssertOneErrorLine(run, 1, "is a JWK Set");
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    public async Task Token_PublicOnlyJwk_Returns1(string algorithm)
    {
        var keys = await _harness.KeygenAsync("k", "--alg", algorithm);
        var publicJwk = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(keys, KeygenCommand.JwksFileName), TestContext.Current.CancellationToken))!["keys"]![0]!;
        var path = Path.Combine(_harness.Directory, "public.jwk.json");
        await File.WriteAllTextAsync(path, publicJwk.ToJsonString(), TestContext.Current.CancellationToken);

        var run = await TokenToolsHarness.RunAsync("token", "--key", path, "--iss", Issuer, "--aud", Audience);

        AssertOneErrorLine(run, 1, "holds a public key only");
    }

    [Theory]
    [InlineData("""{"kty":"oct","k":"c2VjcmV0","d":"x"}""", "only RSA and EC keys")]
    [InlineData("""{"kty":"RSA","alg":"HS256","n":"AQAB","e":"AQAB","d":"AQAB"}""", "cannot sign with")]
    [InlineData("not json", "is not valid JSON")]
    [InlineData("[]", "is not a JWK")]
    [InlineData("""{"d":"x"}""", "has no 'kty'")]
    [InlineData("""{"kty":"EC","crv":"P-192","x":"AQAB","y":"AQAB","d":"AQAB"}""", "curve 'P-192'")]
    [InlineData("""{"kty":"RSA","n":"AQAB","e":"AQAB","d":"AQAB"}""", "is not a valid RSA private key")]
    [InlineData("""{"kty":"RSA","use":"enc","n":"AQAB","e":"AQAB","d":"AQAB"}""", "encryption key")]
    public async Task Token_UnusableKeyFile_Returns1(string content, string message)
    {
        var path = Path.Combine(_harness.Directory, "key.json");
        await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);

        var run = await TokenToolsHarness.RunAsync("token", "--key", path, "--iss", Issuer, "--aud", Audience);

        AssertOneErrorLine(run, 1, message);
    }

    [Fact]
    public async Task Token_AlgorithmThatDoesNotFitTheKey_Returns1WithoutPrintingKeyMaterial()
    {
        var keys = await _harness.KeygenAsync("k");
        var jwk = JsonNode.Parse(await File.ReadAllTextAsync(PrivateKey(keys), TestContext.Current.CancellationToken))!.AsObject();
        jwk["alg"] = "ES256";
        await File.WriteAllTextAsync(PrivateKey(keys), jwk.ToJsonString(), TestContext.Current.CancellationToken);

        var run = await TokenToolsHarness.RunAsync("token", "--key", PrivateKey(keys), "--iss", Issuer, "--aud", Audience);

        AssertOneErrorLine(run, 1, "does not fit");
        foreach (var member in new[] { "d", "p", "q", "n" })
        {
            Assert.DoesNotContain(jwk[member]!.GetValue<string>()[..12], run.Stderr, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Token_Help_Returns0AndDocumentsTheClaimRules(string flag)
    {
        var run = await TokenToolsHarness.RunAsync("token", flag);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage: agentgateway token", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("permissions", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--expires-in", run.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _harness.Dispose();

    private static string PrivateKey(string keys) => Path.Combine(keys, KeygenCommand.PrivateKeyFileName);

    private static JsonObject Payload(string token) =>
        JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]))!.AsObject();

    private static void AssertOneErrorLine(CommandRun run, int exitCode, string message)
    {
        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }
}
