using System.Text.Json.Nodes;
using AgentGateway.Security.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgentGateway.Tests.Security.Authentication;

/// <summary>One issuer served by a real JWKS endpoint, its provider (started), a validator, and a fake clock.</summary>
internal sealed class JwtTestContext : IAsyncDisposable
{
    private JwtTestContext(FakeTimeProvider time, JwksEndpoint endpoint, JwksProvider provider, JwtValidator validator, JwtProviderSettings settings)
    {
        Time = time;
        Endpoint = endpoint;
        Provider = provider;
        Validator = validator;
        Settings = settings;
    }

    public FakeTimeProvider Time { get; }

    public JwksEndpoint Endpoint { get; }

    public JwksProvider Provider { get; }

    public JwtValidator Validator { get; }

    public JwtProviderSettings Settings { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public static async Task<JwtTestContext> CreateAsync(
        JwksServerFixture server,
        TestKey[] keys,
        Func<JwtProviderSettings, JwtProviderSettings>? configure = null,
        JwksOptions? options = null,
        JwtValidatorOptions? validatorOptions = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var endpoint = server.CreateEndpoint(keys);
        var provider = new JwksProvider(new JwksUrlSource(endpoint.Url), options ?? new JwksOptions(), server.Client, time, NullLogger.Instance);
        var settings = new JwtProviderSettings
        {
            Issuer = TestTokenFactory.Issuer,
            Audiences = [TestTokenFactory.Audience],
            Jwks = provider.Source,
        };
        settings = configure?.Invoke(settings) ?? settings;
        var validator = new JwtValidator([(settings, provider)], time, NullLogger.Instance, validatorOptions);
        await provider.StartAsync(TestContext.Current.CancellationToken);
        return new JwtTestContext(time, endpoint, provider, validator, settings);
    }

    public JsonObject Claims() => TestTokenFactory.Claims(Now);

    /// <summary>A valid token signed by <paramref name="key"/>, after <paramref name="edit"/> changed its claims.</summary>
    public string Token(TestKey key, Action<JsonObject>? edit = null, string? alg = null, bool withKid = true, Action<JsonObject>? header = null)
    {
        var claims = Claims();
        edit?.Invoke(claims);
        return TestTokenFactory.Create(key, claims, alg, withKid, header);
    }

    public async Task<JwtValidationResult> ValidateAsync(string token) =>
        await Validator.ValidateAsync(token, TestContext.Current.CancellationToken);

    /// <summary>
    /// Asserts a rejection decided by the cheap checks: the reason, no JWKS fetch, no signature verification.
    /// </summary>
    public async Task AssertRejectedBeforeKeyLookupAsync(string token, JwtFailureReason reason)
    {
        var fetches = Provider.FetchCount;
        var requests = Endpoint.Requests;
        var verifications = Validator.SignatureVerifications;
        var result = await ValidateAsync(token);
        Assert.False(result.IsValid);
        Assert.Equal(reason, result.Reason);
        Assert.Equal(JsonValueKindUndefined, result.Claims.ValueKind);
        Assert.Equal(fetches, Provider.FetchCount);
        Assert.Equal(requests, Endpoint.Requests);
        Assert.Equal(verifications, Validator.SignatureVerifications);
    }

    /// <summary>Waits (real time, bounded) until the provider has made <paramref name="count"/> loads and none is running.</summary>
    public Task WaitForFetchesAsync(long count) => WaitForFetchesAsync(Provider, count);

    public static async Task WaitForFetchesAsync(JwksProvider provider, long count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (provider.FetchCount < count || provider.IsLoading)
        {
            Assert.True(DateTime.UtcNow < deadline, $"expected {count} fetches, saw {provider.FetchCount} (loading: {provider.IsLoading})");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// The bytes this thread allocates over 1000 calls of <paramref name="validate"/>, each a valid result completed
    /// synchronously (a cache hit), after 100 warm-up calls.
    /// </summary>
    public static async Task<long> AllocatedByThousandHitsAsync(Func<ValueTask<JwtValidationResult>> validate)
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.True((await validate()).IsValid);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            var task = validate();
            Assert.True(task.IsCompletedSuccessfully);
            _ = await task;
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    public async ValueTask DisposeAsync() => await Provider.DisposeAsync();

    private const System.Text.Json.JsonValueKind JsonValueKindUndefined = System.Text.Json.JsonValueKind.Undefined;
}
