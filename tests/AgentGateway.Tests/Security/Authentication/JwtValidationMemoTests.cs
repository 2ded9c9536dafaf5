using AgentGateway.Security.Authentication;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentGateway.Tests.Security.Authentication;

/// <summary>
/// The per-connection memo of the last validated token: it answers only for the very same token, validator, key set and
/// time as the cache would, and otherwise the token is validated as without it.
/// </summary>
public sealed class JwtValidationMemoTests(JwksServerFixture server) : IClassFixture<JwksServerFixture>
{
    [Fact]
    public async Task SameToken_AnsweredFromTheMemo_EvenWhenTheCacheNoLongerHasIt()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Ec256], validatorOptions: new JwtValidatorOptions { CacheCapacity = 1 });
        var memo = new JwtValidationMemo();
        var token = ctx.Token(TestKeys.Ec256);

        var first = await ValidateAsync(ctx.Validator, token, memo);
        Assert.True(first.IsValid, first.Reason.ToString());
        Assert.Equal(token, memo.Last?.Token);

        // Another caller's token fills the one-entry cache, which evicts the first token's entry.
        Assert.True((await ValidateAsync(ctx.Validator, ctx.Token(TestKeys.Ec256, c => c["sub"] = "other"), memo: null)).IsValid);
        Assert.Equal(2, ctx.Validator.SignatureVerifications);

        // The first connection's memo still answers its token, with no signature work.
        Assert.Same(first, await ValidateAsync(ctx.Validator, token, memo));
        Assert.Equal(2, ctx.Validator.SignatureVerifications);

        // Without it, the token would be verified again.
        Assert.True((await ValidateAsync(ctx.Validator, token, memo: null)).IsValid);
        Assert.Equal(3, ctx.Validator.SignatureVerifications);
    }

    [Fact]
    public async Task OtherToken_IsValidatedOnItsOwn_NeverAnsweredByTheMemo()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Rsa]);
        var memo = new JwtValidationMemo();
        var token = ctx.Token(TestKeys.Rsa);
        Assert.True((await ValidateAsync(ctx.Validator, token, memo)).IsValid);

        // The same token with its signature's last character changed, cut short by one character, and longer by one.
        var lastChar = token[^1] == 'A' ? 'B' : 'A';
        foreach (var forged in new[] { token[..^1] + lastChar, token[..^1], token + "A" })
        {
            var result = await ValidateAsync(ctx.Validator, forged, memo);
            Assert.False(result.IsValid, $"a token differing from the remembered one was accepted: {forged[^12..]}");
        }

        // A failure does not replace what the connection remembers.
        Assert.Equal(token, memo.Last?.Token);
        Assert.True((await ValidateAsync(ctx.Validator, token, memo)).IsValid);
    }

    [Fact]
    public async Task RememberedToken_ExpiresWithTheToken()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Rsa]);
        var memo = new JwtValidationMemo();
        var token = ctx.Token(TestKeys.Rsa, c => c["exp"] = ctx.Now.AddMinutes(5).ToUnixTimeSeconds());
        Assert.True((await ValidateAsync(ctx.Validator, token, memo)).IsValid);

        ctx.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(29));
        Assert.True((await ValidateAsync(ctx.Validator, token, memo)).IsValid);

        ctx.Time.Advance(TimeSpan.FromSeconds(1)); // exp = now − 30 s skew
        Assert.Equal(JwtFailureReason.Expired, (await ValidateAsync(ctx.Validator, token, memo)).Reason);
        Assert.Equal(1, ctx.Validator.SignatureVerifications);
    }

    [Fact]
    public async Task RememberedToken_RevokedWhenItsKeyIsRemoved()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Rsa]);
        var memo = new JwtValidationMemo();
        var token = ctx.Token(TestKeys.Rsa);
        Assert.True((await ValidateAsync(ctx.Validator, token, memo)).IsValid);

        ctx.Endpoint.SetKeys(TestKeys.Rsa2);
        await ctx.Provider.TryForceRefreshAsync(TestContext.Current.CancellationToken);

        var result = await ValidateAsync(ctx.Validator, token, memo);
        Assert.False(result.IsValid, "a token whose key was removed was still accepted on the same connection");
        Assert.Null(memo.Last);
    }

    [Fact]
    public async Task MemoOfAnotherValidator_IsNotUsed()
    {
        // A configuration reload compiles new validators; a connection opened before it must not skip the new one's checks.
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Ec256]);
        var reloaded = new JwtValidator([(ctx.Settings with { Audiences = ["https://another.example.com"] }, ctx.Provider)], ctx.Time, NullLogger.Instance);
        var memo = new JwtValidationMemo();
        var token = ctx.Token(TestKeys.Ec256);
        Assert.True((await ValidateAsync(ctx.Validator, token, memo)).IsValid);

        Assert.Equal(JwtFailureReason.InvalidAudience, (await ValidateAsync(reloaded, token, memo)).Reason);
        Assert.Same(ctx.Validator, memo.Last?.Validator);
    }

    [Fact]
    public async Task WithoutTheCache_NothingIsRemembered()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Ec256], validatorOptions: new JwtValidatorOptions { CacheCapacity = 0 });
        var memo = new JwtValidationMemo();
        var token = ctx.Token(TestKeys.Ec256);

        Assert.True((await ValidateAsync(ctx.Validator, token, memo)).IsValid);
        Assert.True((await ValidateAsync(ctx.Validator, token, memo)).IsValid);

        Assert.Null(memo.Last);
        Assert.Equal(2, ctx.Validator.SignatureVerifications);
    }

    [Fact]
    public async Task CacheHit_FillsTheMemoOfANewConnection_AndMemoHitsAllocateNothing()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Ec256]);
        var token = ctx.Token(TestKeys.Ec256);
        var header = "Bearer " + token;
        var slice = header.AsMemory("Bearer ".Length);
        Assert.True((await ValidateAsync(ctx.Validator, token, memo: null)).IsValid);

        var memo = new JwtValidationMemo();
        Assert.True((await ctx.Validator.ValidateAsync(slice, memo, TestContext.Current.CancellationToken)).IsValid);
        Assert.Equal(token, memo.Last?.Token);

        var allocated = await JwtTestContext.AllocatedByThousandHitsAsync(() => ctx.Validator.ValidateAsync(slice, memo, TestContext.Current.CancellationToken));
        Assert.True(allocated < 1000, $"{allocated} bytes for 1000 memo hits");
        Assert.Equal(1, ctx.Validator.SignatureVerifications);
    }

    private static async Task<JwtValidationResult> ValidateAsync(JwtValidator validator, string token, JwtValidationMemo? memo) =>
        await validator.ValidateAsync(token.AsMemory(), memo, TestContext.Current.CancellationToken);
}
