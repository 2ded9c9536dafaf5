using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AgentGateway.Security.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgentGateway.Tests.Security.Authentication;

/// <summary>JWKS loading, refresh, rotation, failure and flood behaviour against a real, scriptable HTTP server.</summary>
public sealed class JwksProviderTests(JwksServerFixture server) : IClassFixture<JwksServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rotation_NewKidAcceptedOnFirstRequest()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Rsa]);
        ctx.Endpoint.SetKeys(TestKeys.Rsa, TestKeys.Ec256);

        var result = await ctx.ValidateAsync(ctx.Token(TestKeys.Ec256));

        Assert.True(result.IsValid, result.Reason.ToString());
        Assert.Equal(2, ctx.Provider.FetchCount);
        Assert.Equal(2, ctx.Provider.Snapshot.Generation);
    }

    [Fact]
    public async Task UnknownKid_AgainWithinCooldown_DoesNotRefetch_ThenDoesAfterIt()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Rsa]);
        var token = ctx.Token(TestKeys.Attacker);

        Assert.Equal(JwtFailureReason.UnknownKey, (await ctx.ValidateAsync(token)).Reason);
        Assert.Equal(JwtFailureReason.UnknownKey, (await ctx.ValidateAsync(token)).Reason);
        Assert.Equal(2, ctx.Provider.FetchCount);

        ctx.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(JwtFailureReason.UnknownKey, (await ctx.ValidateAsync(token)).Reason);
        Assert.Equal(3, ctx.Provider.FetchCount);
    }

    [Fact]
    public async Task RotatedTokenValidatedAgain_DoesNotRefetch()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Rsa]);
        ctx.Endpoint.SetKeys(TestKeys.Rsa, TestKeys.Rsa2);
        var token = ctx.Token(TestKeys.Rsa2);

        Assert.True((await ctx.ValidateAsync(token)).IsValid);
        Assert.True((await ctx.ValidateAsync(token)).IsValid);
        Assert.True((await ctx.ValidateAsync(ctx.Token(TestKeys.Rsa2, c => c["sub"] = "other"))).IsValid);
        Assert.Equal(2, ctx.Provider.FetchCount);
    }

    [Fact]
    public async Task ForgedKidFlood_Sequential_AtMostAHandfulOfFetches()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Rsa]);
        var claims = ctx.Claims();

        for (var i = 0; i < 50; i++)
        {
            var token = TestTokenFactory.Create(TestKeys.Attacker, claims, header: h => h["kid"] = $"forged-{i}");
            Assert.Equal(JwtFailureReason.UnknownKey, (await ctx.ValidateAsync(token)).Reason);
        }

        Assert.True(ctx.Endpoint.Requests <= 3, $"{ctx.Endpoint.Requests} fetches");
        Assert.Equal(ctx.Endpoint.Requests, ctx.Provider.FetchCount);
    }

    [Fact]
    public async Task ForgedKidFlood_Concurrent_AtMostAHandfulOfFetches()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Rsa]);
        ctx.Endpoint.Delay = TimeSpan.FromMilliseconds(100);
        var claims = ctx.Claims();
        var tokens = Enumerable.Range(0, 50)
            .Select(i => TestTokenFactory.Create(TestKeys.Attacker, claims, header: h => h["kid"] = $"forged-{i}"))
            .ToArray();

        var results = await Task.WhenAll(tokens.Select(t => Task.Run(() => ctx.ValidateAsync(t), Ct)));

        Assert.All(results, r => Assert.Equal(JwtFailureReason.UnknownKey, r.Reason));
        Assert.True(ctx.Endpoint.Requests <= 3, $"{ctx.Endpoint.Requests} fetches");
    }

    [Fact]
    public async Task ConcurrentRequestsForNewKid_ShareOneFetch()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Rsa]);
        ctx.Endpoint.SetKeys(TestKeys.Rsa, TestKeys.Ec256);
        ctx.Endpoint.Delay = TimeSpan.FromMilliseconds(200);
        var tokens = Enumerable.Range(0, 20).Select(i => ctx.Token(TestKeys.Ec256, c => c["sub"] = $"user-{i}")).ToArray();

        var results = await Task.WhenAll(tokens.Select(t => Task.Run(() => ctx.ValidateAsync(t), Ct)));

        Assert.All(results, r => Assert.True(r.IsValid, r.Reason.ToString()));
        Assert.Equal(2, ctx.Endpoint.Requests);
    }

    [Fact]
    public async Task EndpointDownAtStart_KeysUnavailable_ThenRecoversOnRetryTimer()
    {
        var endpoint = server.CreateEndpoint(TestKeys.Rsa);
        endpoint.Status = 503;
        var time = new FakeTimeProvider();
        await using var provider = new JwksProvider(new JwksUrlSource(endpoint.Url), new JwksOptions(), server.Client, time, NullLogger.Instance);
        var settings = new JwtProviderSettings { Issuer = TestTokenFactory.Issuer, Audiences = [TestTokenFactory.Audience], Jwks = provider.Source };
        var validator = new JwtValidator([(settings, provider)], time, NullLogger.Instance);
        var token = TestTokenFactory.Create(TestKeys.Rsa, TestTokenFactory.Claims(time.GetUtcNow()));

        await provider.StartAsync(Ct); // does not throw

        Assert.True(provider.Snapshot.IsEmpty);
        Assert.Equal(1, provider.FailedFetchCount);
        Assert.Equal(JwtFailureReason.KeysUnavailable, (await validator.ValidateAsync(token, Ct)).Reason);
        Assert.Equal(JwtFailureReason.KeysUnavailable, (await validator.ValidateAsync(token, Ct)).Reason);
        Assert.Equal(2, provider.FetchCount); // one forced fetch for the first request; the second is within the cooldown

        endpoint.Status = 200;
        time.Advance(TimeSpan.FromSeconds(2.5)); // the retry after two failures: 2 s ± 20 %
        await JwtTestContext.WaitForFetchesAsync(provider, 3);

        Assert.False(provider.Snapshot.IsEmpty);
        Assert.True((await validator.ValidateAsync(token, Ct)).IsValid);
    }

    [Fact]
    public async Task EndpointBackAfterOutage_NextTokenLoadsTheKeys_WithoutWaitingForTheRetryTimer()
    {
        var endpoint = server.CreateEndpoint(TestKeys.Rsa);
        endpoint.Status = 503;
        var time = new FakeTimeProvider();
        var options = new JwksOptions { FailureRetryInitial = TimeSpan.FromMinutes(10), FailureRetryMax = TimeSpan.FromMinutes(10) };
        await using var provider = new JwksProvider(new JwksUrlSource(endpoint.Url), options, server.Client, time, NullLogger.Instance);
        var settings = new JwtProviderSettings { Issuer = TestTokenFactory.Issuer, Audiences = [TestTokenFactory.Audience], Jwks = provider.Source };
        var validator = new JwtValidator([(settings, provider)], time, NullLogger.Instance);
        await provider.StartAsync(Ct);
        Assert.Equal(JwtFailureReason.KeysUnavailable, (await validator.ValidateAsync(
            TestTokenFactory.Create(TestKeys.Rsa, TestTokenFactory.Claims(time.GetUtcNow())), Ct)).Reason);

        endpoint.Status = 200;
        time.Advance(TimeSpan.FromSeconds(5)); // the forced-fetch cooldown, far from the 10-minute retry
        var token = TestTokenFactory.Create(TestKeys.Rsa, TestTokenFactory.Claims(time.GetUtcNow()));

        Assert.True((await validator.ValidateAsync(token, Ct)).IsValid);
        Assert.Equal(3, provider.FetchCount);
    }

    [Fact]
    public async Task NoKeys_JunkTokens_NeverFetch()
    {
        var endpoint = server.CreateEndpoint(TestKeys.Rsa);
        endpoint.Status = 503;
        var time = new FakeTimeProvider();
        await using var provider = new JwksProvider(new JwksUrlSource(endpoint.Url), new JwksOptions(), server.Client, time, NullLogger.Instance);
        var settings = new JwtProviderSettings { Issuer = TestTokenFactory.Issuer, Audiences = [TestTokenFactory.Audience], Jwks = provider.Source };
        var validator = new JwtValidator([(settings, provider)], time, NullLogger.Instance);
        await provider.StartAsync(Ct);

        var expired = TestTokenFactory.Create(TestKeys.Rsa, TestTokenFactory.Claims(time.GetUtcNow().AddHours(-2)));
        var claims = TestTokenFactory.Claims(time.GetUtcNow());
        claims["aud"] = "https://other.example";
        var wrongAudience = TestTokenFactory.Create(TestKeys.Rsa, claims);

        Assert.False((await validator.ValidateAsync(expired, Ct)).IsValid);
        Assert.False((await validator.ValidateAsync(wrongAudience, Ct)).IsValid);
        Assert.False((await validator.ValidateAsync("not.a.jwt", Ct)).IsValid);
        Assert.Equal(1, provider.FetchCount); // the start only
    }

    [Fact]
    public async Task EndpointUnreachable_StartCompletesWithoutThrowing()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var time = new FakeTimeProvider();
        await using var provider = new JwksProvider(new JwksUrlSource(new Uri($"http://127.0.0.1:{port}/jwks")), new JwksOptions(), server.Client, time, NullLogger.Instance);

        await provider.StartAsync(Ct);

        Assert.True(provider.Snapshot.IsEmpty);
        Assert.Equal(1, provider.FailedFetchCount);
        Assert.NotNull(provider.NextRefreshAt);
    }

    [Fact]
    public async Task FailedFetches_RetryWithDoublingBackoffUpToTheCap()
    {
        var endpoint = server.CreateEndpoint();
        endpoint.Status = 500;
        var time = new FakeTimeProvider();
        var options = new JwksOptions { FailureRetryInitial = TimeSpan.FromSeconds(1), FailureRetryMax = TimeSpan.FromSeconds(8) };
        await using var provider = new JwksProvider(new JwksUrlSource(endpoint.Url), options, server.Client, time, NullLogger.Instance);
        await provider.StartAsync(Ct);

        var delays = new List<double>();
        for (var i = 1; i <= 6; i++)
        {
            var delay = provider.NextRefreshAt!.Value - time.GetUtcNow();
            delays.Add(delay.TotalSeconds);
            time.Advance(delay);
            await JwtTestContext.WaitForFetchesAsync(provider, i + 1);
        }

        double[] expected = [1, 2, 4, 8, 8, 8];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.InRange(delays[i], expected[i] * 0.8 - 0.001, Math.Min(expected[i] * 1.2, 8) + 0.001);
        }

        Assert.Equal(7, provider.FailedFetchCount);
    }

    [Theory]
    [InlineData("html")]
    [InlineData("not-json")]
    [InlineData("json-array")]
    [InlineData("keys-missing")]
    [InlineData("keys-not-array")]
    [InlineData("keys-empty")]
    [InlineData("only-unusable-keys")]
    [InlineData("pem")]
    [InlineData("http-500")]
    [InlineData("http-404")]
    [InlineData("too-large")]
    [InlineData("too-many-keys")]
    [InlineData("redirect")]
    public async Task GarbageResponse_KeepsLastGoodSet(string variant)
    {
        var options = new JwksOptions { MaxKeys = 3 };
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Rsa], options: options);
        var generation = ctx.Provider.Snapshot.Generation;
        switch (variant)
        {
            case "html": ctx.Endpoint.Body = "<html><body>Login</body></html>"; ctx.Endpoint.ContentType = "text/html"; break;
            case "not-json": ctx.Endpoint.Body = "keys: []"; break;
            case "json-array": ctx.Endpoint.Body = "[" + TestTokenFactory.Jwks(TestKeys.Rsa) + "]"; break;
            case "keys-missing": ctx.Endpoint.Body = """{"kty":"RSA"}"""; break;
            case "keys-not-array": ctx.Endpoint.Body = """{"keys":{"kty":"RSA"}}"""; break;
            case "keys-empty": ctx.Endpoint.Body = """{"keys":[]}"""; break;
            case "only-unusable-keys": ctx.Endpoint.Body = """{"keys":[{"kty":"oct","k":"c2VjcmV0","kid":"rsa-1"},{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"""; break;
            case "pem": ctx.Endpoint.Body = TestKeys.Rsa.Rsa!.ExportSubjectPublicKeyInfoPem(); break;
            case "http-500": ctx.Endpoint.Status = 500; break;
            case "http-404": ctx.Endpoint.Status = 404; break;
            case "too-large": ctx.Endpoint.Body = TestTokenFactory.Jwks(TestKeys.Rsa)[..^1] + ",\"pad\":\"" + new string('x', options.MaxResponseBytes) + "\"}"; break;
            case "too-many-keys": ctx.Endpoint.SetKeys(TestKeys.Rsa, TestKeys.Rsa2, TestKeys.RsaPss, TestKeys.Ec256); break;
            default: ctx.Endpoint.Status = 302; ctx.Endpoint.RedirectTo = server.CreateEndpoint(TestKeys.Attacker).Url.ToString(); break;
        }

        ctx.Time.Advance(TimeSpan.FromMinutes(15));
        await ctx.WaitForFetchesAsync(2);

        Assert.Equal(1, ctx.Provider.FailedFetchCount);
        Assert.Equal(generation, ctx.Provider.Snapshot.Generation);
        Assert.True((await ctx.ValidateAsync(ctx.Token(TestKeys.Rsa))).IsValid);
    }

    [Fact]
    public async Task RedirectFollowedToAnotherHost_Rejected()
    {
        using var following = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true });
        var target = server.CreateEndpoint(TestKeys.Attacker);
        var endpoint = server.CreateEndpoint();
        endpoint.Status = 302;
        endpoint.RedirectTo = new UriBuilder(target.Url) { Host = "localhost" }.Uri.ToString();
        await using var provider = new JwksProvider(new JwksUrlSource(endpoint.Url), new JwksOptions(), following, new FakeTimeProvider(), NullLogger.Instance);

        await provider.StartAsync(Ct);

        Assert.True(provider.Snapshot.IsEmpty);
        Assert.Equal(1, provider.FailedFetchCount);
    }

    [Fact]
    public async Task UnsupportedKeys_SkippedIndividually()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, []);
        ctx.Endpoint.Body = TestTokenFactory.Jwks(
            JsonNode.Parse("""{"kty":"oct","k":"c2VjcmV0","kid":"hmac"}""")!.AsObject(),
            TestKeys.Rsa2.ToJwk(use: "enc"),
            JsonNode.Parse("""{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"ed"}""")!.AsObject(),
            JsonNode.Parse("""{"kty":"XYZ","kid":"x"}""")!.AsObject(),
            TestKeys.Rsa.ToJwk());

        Assert.True(await ctx.Provider.TryForceRefreshAsync(Ct));

        Assert.Equal(["rsa-1"], ctx.Provider.Snapshot.Keys.Select(k => k.KeyId));
        Assert.True((await ctx.ValidateAsync(ctx.Token(TestKeys.Rsa))).IsValid);
    }

    [Theory]
    [InlineData("max-age=120", 120)]
    [InlineData("public, max-age=600, must-revalidate", 600)]
    [InlineData("max-age=5", 60)] // clamped to MinRefreshInterval
    [InlineData("no-cache", 60)]
    [InlineData("max-age=999999999", 86400)] // clamped to MaxRefreshInterval
    [InlineData(null, 900)] // DefaultRefreshInterval
    public async Task CacheControlMaxAge_DecidesNextRefresh(string? cacheControl, int expectedSeconds)
    {
        var endpoint = server.CreateEndpoint(TestKeys.Rsa);
        endpoint.CacheControl = cacheControl;
        var time = new FakeTimeProvider();
        await using var provider = new JwksProvider(new JwksUrlSource(endpoint.Url), new JwksOptions(), server.Client, time, NullLogger.Instance);

        await provider.StartAsync(Ct);

        Assert.Equal(time.GetUtcNow().AddSeconds(expectedSeconds), provider.NextRefreshAt);
    }

    [Fact]
    public async Task CacheControlMaxAge_RefreshHappensThenNotBefore()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, []);
        ctx.Endpoint.SetKeys(TestKeys.Rsa);
        ctx.Endpoint.CacheControl = "max-age=120";
        ctx.Time.Advance(TimeSpan.FromSeconds(1.25)); // the empty first answer was a failure: retried after ~1 s
        await ctx.WaitForFetchesAsync(2);

        ctx.Time.Advance(TimeSpan.FromSeconds(119));
        await Task.Delay(50, Ct);
        Assert.Equal(2, ctx.Provider.FetchCount);

        ctx.Time.Advance(TimeSpan.FromSeconds(1));
        await ctx.WaitForFetchesAsync(3);
        Assert.Equal(3, ctx.Endpoint.Requests);
    }

    [Fact]
    public async Task UnchangedKeys_KeepGeneration()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Rsa, TestKeys.Ec256]);
        ctx.Endpoint.Body = TestTokenFactory.Jwks(TestKeys.Ec256, TestKeys.Rsa); // same keys, other order

        ctx.Time.Advance(TimeSpan.FromMinutes(15));
        await ctx.WaitForFetchesAsync(2);

        Assert.Equal(1, ctx.Provider.Snapshot.Generation);
    }

    [Fact]
    public async Task RemovedKey_RevokesCachedValidationAfterRefresh()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Rsa, TestKeys.Rsa2]);
        var token = ctx.Token(TestKeys.Rsa2);
        Assert.True((await ctx.ValidateAsync(token)).IsValid);
        Assert.True((await ctx.ValidateAsync(token)).IsValid);
        Assert.Equal(1, ctx.Validator.SignatureVerifications);

        ctx.Endpoint.SetKeys(TestKeys.Rsa);
        ctx.Time.Advance(TimeSpan.FromMinutes(15));
        await ctx.WaitForFetchesAsync(2);

        Assert.Equal(JwtFailureReason.UnknownKey, (await ctx.ValidateAsync(token)).Reason);
        Assert.Equal(0, ctx.Validator.Cache!.Count);
    }

    [Fact]
    public async Task FileSource_LoadsRereadsOnUnknownKidAndOnChange()
    {
        var path = Path.Combine(Path.GetTempPath(), $"jwks-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, TestTokenFactory.Jwks(TestKeys.Rsa), Ct);
        try
        {
            var time = new FakeTimeProvider();
            await using var provider = new JwksProvider(new JwksFileSource(path), new JwksOptions(), server.Client, time, NullLogger.Instance);
            await provider.StartAsync(Ct);
            var settings = new JwtProviderSettings { Issuer = TestTokenFactory.Issuer, Audiences = [TestTokenFactory.Audience], Jwks = provider.Source };
            var validator = new JwtValidator([(settings, provider)], time, NullLogger.Instance);
            var claims = TestTokenFactory.Claims(time.GetUtcNow());

            Assert.True((await validator.ValidateAsync(TestTokenFactory.Create(TestKeys.Rsa, claims), Ct)).IsValid);

            // A new key is picked up on its first token (forced re-read).
            await File.WriteAllTextAsync(path, TestTokenFactory.Jwks(TestKeys.Rsa, TestKeys.Ec256), Ct);
            Assert.True((await validator.ValidateAsync(TestTokenFactory.Create(TestKeys.Ec256, claims), Ct)).IsValid);
            Assert.Equal(2, provider.FetchCount);

            // Unchanged file: polls do not read it.
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(50, Ct);
            Assert.Equal(2, provider.FetchCount);

            // A removed key disappears at the next poll.
            await File.WriteAllTextAsync(path, TestTokenFactory.Jwks(TestKeys.Ec256), Ct);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(10));
            time.Advance(TimeSpan.FromSeconds(5));
            await JwtTestContext.WaitForFetchesAsync(provider, 3);
            Assert.Equal(["ec-256"], provider.Snapshot.Keys.Select(k => k.KeyId));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task FileSource_MissingAtStart_StartsEmptyAndLoadsWhenCreated()
    {
        var path = Path.Combine(Path.GetTempPath(), $"jwks-{Guid.NewGuid():N}.json");
        try
        {
            var time = new FakeTimeProvider();
            await using var provider = new JwksProvider(new JwksFileSource(path), new JwksOptions(), server.Client, time, NullLogger.Instance);
            await provider.StartAsync(Ct);
            Assert.True(provider.Snapshot.IsEmpty);

            await File.WriteAllTextAsync(path, TestTokenFactory.Jwks(TestKeys.Rsa), Ct);
            time.Advance(TimeSpan.FromSeconds(5));
            await JwtTestContext.WaitForFetchesAsync(provider, 2);

            Assert.Single(provider.Snapshot.Keys);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task InlineSource_ValidatesAndNeverRefetches()
    {
        var time = new FakeTimeProvider();
        await using var provider = new JwksProvider(new JwksInlineSource(TestTokenFactory.Jwks(TestKeys.Ec384)), new JwksOptions(), server.Client, time, NullLogger.Instance);
        await provider.StartAsync(Ct);
        var settings = new JwtProviderSettings { Issuer = TestTokenFactory.Issuer, Audiences = [TestTokenFactory.Audience], Jwks = provider.Source };
        var validator = new JwtValidator([(settings, provider)], time, NullLogger.Instance);
        var claims = TestTokenFactory.Claims(time.GetUtcNow());

        Assert.True((await validator.ValidateAsync(TestTokenFactory.Create(TestKeys.Ec384, claims), Ct)).IsValid);
        Assert.Equal(JwtFailureReason.UnknownKey, (await validator.ValidateAsync(TestTokenFactory.Create(TestKeys.Rsa, claims), Ct)).Reason);
        Assert.False(await provider.TryForceRefreshAsync(Ct));
        Assert.Equal(1, provider.FetchCount);
        Assert.Null(provider.NextRefreshAt);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"keys":[]}""")]
    [InlineData("""{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}""")]
    public void InlineSource_WithoutUsableKey_Throws(string json)
    {
        Assert.Throws<ArgumentException>(() => new JwksProvider(new JwksInlineSource(json), new JwksOptions(), server.Client, TimeProvider.System, NullLogger.Instance));
    }

    [Fact]
    public async Task FetchTimeout_FailsTheFetchAndStartCompletes()
    {
        var endpoint = server.CreateEndpoint(TestKeys.Rsa);
        endpoint.Delay = TimeSpan.FromSeconds(30);
        var time = new FakeTimeProvider();
        await using var provider = new JwksProvider(new JwksUrlSource(endpoint.Url), new JwksOptions(), server.Client, time, NullLogger.Instance);

        var start = provider.StartAsync(Ct);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (endpoint.Requests == 0)
        {
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(5, Ct);
        }

        Assert.False(start.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        await start.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.True(provider.Snapshot.IsEmpty);
        Assert.Equal(1, provider.FailedFetchCount);
    }

    [Fact]
    public async Task Dispose_StopsRefreshing()
    {
        var endpoint = server.CreateEndpoint(TestKeys.Rsa);
        var time = new FakeTimeProvider();
        var provider = new JwksProvider(new JwksUrlSource(endpoint.Url), new JwksOptions(), server.Client, time, NullLogger.Instance);
        await provider.StartAsync(Ct);

        await provider.DisposeAsync();
        time.Advance(TimeSpan.FromHours(1));
        await Task.Delay(50, Ct);

        Assert.Equal(1, endpoint.Requests);
        Assert.False(await provider.TryForceRefreshAsync(Ct));
        Assert.False(provider.Snapshot.IsEmpty); // the last keys stay readable
    }

    [Fact]
    public async Task Logs_NameSourceAndOutcome_NeverKeyMaterial()
    {
        var endpoint = server.CreateEndpoint(TestKeys.Rsa);
        var logger = new CapturingLogger();
        var time = new FakeTimeProvider();
        await using var provider = new JwksProvider(new JwksUrlSource(new Uri(endpoint.Url + "?tenant=secret")), new JwksOptions(), server.Client, time, logger);
        await provider.StartAsync(Ct);
        endpoint.Status = 503;
        time.Advance(TimeSpan.FromMinutes(15));
        await JwtTestContext.WaitForFetchesAsync(provider, 2);

        var modulus = TestKeys.Rsa.ToJwk()["n"]!.GetValue<string>();
        Assert.Contains(logger.Messages, m => m.Contains(endpoint.Url.AbsolutePath, StringComparison.Ordinal) && m.Contains("1 keys", StringComparison.Ordinal));
        Assert.Contains(logger.Messages, m => m.Contains("HTTP 503", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Messages, m => m.Contains(modulus[..20], StringComparison.Ordinal) || m.Contains("tenant=secret", StringComparison.Ordinal));
    }
}
