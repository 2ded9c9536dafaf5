using System.Text.Json;
using AgentGateway.Hosting.Tokens;

namespace AgentGateway.Tests.Hosting;

/// <summary><c>agentgateway keygen</c>: real keys, checked by signing with <c>token</c> and verifying with IdentityModel.</summary>
public sealed class KeygenCommandTests : IDisposable
{
    private const string Issuer = "https://local-auth.example/";
    private const string Audience = "http://localhost:3000/mcp";

    private readonly TokenToolsHarness _harness = new();

    [Theory]
    [InlineData("RS256")]
    [InlineData("PS256")]
    [InlineData("ES256")]
    [InlineData("ES384")]
    [InlineData("es256")]
    public async Task Keygen_ThenToken_VerifiesAgainstTheWrittenJwks(string algorithm)
    {
        var keys = await _harness.KeygenAsync("k", "--alg", algorithm);

        var token = await TokenToolsHarness.TokenAsync(keys, "--iss", Issuer, "--aud", Audience, "--sub", "alice");
        var result = await TokenToolsHarness.ValidateAsync(token, keys, Issuer, Audience);

        Assert.True(result.IsValid, result.Exception?.ToString());
        var jwt = TokenToolsHarness.Read(token);
        Assert.Equal(algorithm.ToUpperInvariant(), jwt.Alg);
        Assert.Equal("JWT", jwt.Typ);
        Assert.Equal(ReadJwks(keys).GetProperty("kid").GetString(), jwt.Kid);
    }

    [Fact]
    public async Task Keygen_TokenSignedByAnotherKey_FailsVerification()
    {
        var first = await _harness.KeygenAsync("first");
        var second = await _harness.KeygenAsync("second");

        var token = await TokenToolsHarness.TokenAsync(first, "--iss", Issuer, "--aud", Audience);

        Assert.False((await TokenToolsHarness.ValidateAsync(token, second, Issuer, Audience)).IsValid);
    }

    [Theory]
    [InlineData("RS256", "RSA", new[] { "n", "e" }, new[] { "d", "p", "q", "dp", "dq", "qi" })]
    [InlineData("ES256", "EC", new[] { "crv", "x", "y" }, new[] { "d" })]
    [InlineData("ES384", "EC", new[] { "crv", "x", "y" }, new[] { "d" })]
    public async Task Keygen_Files_PrivateJwkHasEverythingJwksOnlyThePublicHalf(string algorithm, string keyType, string[] publicMembers, string[] privateMembers)
    {
        var keys = await _harness.KeygenAsync("k", "--alg", algorithm);

        var jwk = ReadJwks(keys);
        using var privateDocument = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(keys, KeygenCommand.PrivateKeyFileName), TestContext.Current.CancellationToken));
        var privateJwk = privateDocument.RootElement;
        foreach (var member in new[] { "kty", "kid", "alg", "use" }.Concat(publicMembers))
        {
            Assert.Equal(privateJwk.GetProperty(member).GetString(), jwk.GetProperty(member).GetString());
        }

        Assert.Equal(keyType, jwk.GetProperty("kty").GetString());
        Assert.Equal(algorithm, jwk.GetProperty("alg").GetString());
        Assert.Equal("sig", jwk.GetProperty("use").GetString());
        foreach (var member in privateMembers)
        {
            Assert.True(privateJwk.TryGetProperty(member, out _), $"the private JWK lacks '{member}'");
            Assert.False(jwk.TryGetProperty(member, out _), $"jwks.json holds the private member '{member}'");
        }
    }

    [Fact]
    public async Task Keygen_Defaults_Rs256With2048BitModulusAndThumbprintKid()
    {
        var keys = await _harness.KeygenAsync("k");

        var jwk = ReadJwks(keys);
        Assert.Equal("RS256", jwk.GetProperty("alg").GetString());
        Assert.Equal(256, System.Buffers.Text.Base64Url.DecodeFromChars(jwk.GetProperty("n").GetString()).Length);
        var thumbprint = KeyPairGenerator.Thumbprint(new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["e"] = jwk.GetProperty("e").GetString()!,
            ["kty"] = "RSA",
            ["n"] = jwk.GetProperty("n").GetString()!,
        });
        Assert.Equal(thumbprint[..16], jwk.GetProperty("kid").GetString());
    }

    [Fact]
    public async Task Keygen_Kid_IsWrittenAndEndsUpInTheTokenHeader()
    {
        var keys = await _harness.KeygenAsync("k", "--kid", "demo-2026");

        Assert.Equal("demo-2026", ReadJwks(keys).GetProperty("kid").GetString());
        var token = await TokenToolsHarness.TokenAsync(keys, "--iss", Issuer, "--aud", Audience);
        Assert.Equal("demo-2026", TokenToolsHarness.Read(token).Kid);
    }

    [Fact]
    public async Task Keygen_PrivateKeyFile_IsReadableByTheOwnerOnly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var keys = await _harness.KeygenAsync("k");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OwnerMode(Path.Combine(keys, KeygenCommand.PrivateKeyFileName)));
    }

    [Fact]
    public async Task Keygen_ExistingFiles_RefusedWithoutForceAndReplacedWithForce()
    {
        var keys = await _harness.KeygenAsync("k");
        var privatePath = Path.Combine(keys, KeygenCommand.PrivateKeyFileName);
        var before = await File.ReadAllTextAsync(privatePath, TestContext.Current.CancellationToken);

        var refused = await TokenToolsHarness.RunAsync("keygen", "--out", keys);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("", refused.Stdout);
        Assert.StartsWith("error: ", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("already exists", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(privatePath, TestContext.Current.CancellationToken));

        var forced = await TokenToolsHarness.RunAsync("keygen", "--out", keys, "--force");

        Assert.Equal(0, forced.ExitCode);
        Assert.NotEqual(before, await File.ReadAllTextAsync(privatePath, TestContext.Current.CancellationToken));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OwnerMode(privatePath));
        }
    }

    [Fact]
    public async Task Keygen_OnlyJwksExists_StillRefusedWithoutForce()
    {
        var keys = Path.Combine(_harness.Directory, "k");
        Directory.CreateDirectory(keys);
        await File.WriteAllTextAsync(Path.Combine(keys, KeygenCommand.JwksFileName), "{}", TestContext.Current.CancellationToken);

        var run = await TokenToolsHarness.RunAsync("keygen", "--out", keys);

        Assert.Equal(1, run.ExitCode);
        Assert.False(File.Exists(Path.Combine(keys, KeygenCommand.PrivateKeyFileName)));
    }

    [Fact]
    public async Task Keygen_Output_NamesTheFilesAndKidButNoKeyMaterial()
    {
        var keys = Path.Combine(_harness.Directory, "k");

        var run = await TokenToolsHarness.RunAsync("keygen", "--out", keys, "--alg", "ES256");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(KeygenCommand.PrivateKeyFileName, run.Stdout, StringComparison.Ordinal);
        Assert.Contains(KeygenCommand.JwksFileName, run.Stdout, StringComparison.Ordinal);
        Assert.Contains(ReadJwks(keys).GetProperty("kid").GetString()!, run.Stdout, StringComparison.Ordinal);
        using var privateDocument = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(keys, KeygenCommand.PrivateKeyFileName), TestContext.Current.CancellationToken));
        Assert.DoesNotContain(privateDocument.RootElement.GetProperty("d").GetString()!, run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "'--out' is required")]
    [InlineData(new[] { "--out" }, "needs a value")]
    [InlineData(new[] { "--out", "x", "--alg", "HS256" }, "unsupported --alg 'HS256'")]
    [InlineData(new[] { "--out", "x", "--kid", " " }, "--kid")]
    [InlineData(new[] { "--out", "x", "--bogus" }, "unknown argument '--bogus'")]
    [InlineData(new[] { "--out", "x", "--force=yes" }, "takes no value")]
    public async Task Keygen_BadCommandLine_Returns2WithOneLine(string[] args, string message)
    {
        var run = await TokenToolsHarness.RunAsync(["keygen", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.Contains("agentgateway keygen --help", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists("x"));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Keygen_Help_Returns0AndPrintsUsage(string flag)
    {
        var run = await TokenToolsHarness.RunAsync("keygen", flag);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage: agentgateway keygen", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--force", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("", run.Stderr);
    }

    public void Dispose() => _harness.Dispose();

    private static UnixFileMode OwnerMode(string path) =>
        OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(path);

    private static JsonElement ReadJwks(string keys)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(keys, KeygenCommand.JwksFileName)));
        return Assert.Single(document.RootElement.GetProperty("keys").EnumerateArray().ToArray()).Clone();
    }
}
