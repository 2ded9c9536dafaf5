using AgentGateway.Security.Authentication;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentGateway.Tests.Security.Authentication;

public sealed class JwtValidationCacheTests(JwksServerFixture server) : IClassFixture<JwksServerFixture>
{
    [Fact]
    public async Task SecondValidation_DoesNoSignatureWork_AndReturnsTheSameResult()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Rsa]);
        var token = ctx.Token(TestKeys.Rsa);

        var first = await ctx.ValidateAsync(token);
        var second = await ctx.ValidateAsync(token);

        Assert.True(second.IsValid);
        Assert.Same(first, second);
        Assert.Equal(1, ctx.Validator.SignatureVerifications);
        Assert.Equal("auth0|user-1", second.Claims.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task CachedEntry_ExpiresWithTheToken()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Rsa]);
        var token = ctx.Token(TestKeys.Rsa, c => c["exp"] = ctx.Now.AddMinutes(5).ToUnixTimeSeconds());
        Assert.True((await ctx.ValidateAsync(token)).IsValid);

        ctx.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(29));
        Assert.True((await ctx.ValidateAsync(token)).IsValid);

        ctx.Time.Advance(TimeSpan.FromSeconds(1)); // exp = now − 30 s skew
        Assert.Equal(JwtFailureReason.Expired, (await ctx.ValidateAsync(token)).Reason);
        Assert.Equal(JwtFailureReason.Expired, (await ctx.ValidateAsync(token)).Reason);
        Assert.Equal(1, ctx.Validator.SignatureVerifications);
        Assert.Equal(0, ctx.Validator.Cache!.Count);
    }

    [Fact]
    public async Task Failures_AreNotCached()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Rsa]);
        var forged = ctx.Token(TestKeys.Attacker.WithKid("rsa-1"));

        Assert.Equal(JwtFailureReason.InvalidSignature, (await ctx.ValidateAsync(forged)).Reason);
        Assert.Equal(JwtFailureReason.InvalidSignature, (await ctx.ValidateAsync(forged)).Reason);

        Assert.Equal(0, ctx.Validator.Cache!.Count);
        Assert.Equal(2, ctx.Validator.SignatureVerifications);
    }

    [Fact]
    public async Task Cache_IsBounded()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Ec256]);
        var validator = new JwtValidator([(ctx.Settings, ctx.Provider)], ctx.Time, NullLogger.Instance, new JwtValidatorOptions { CacheCapacity = 10 });

        for (var i = 0; i < 35; i++)
        {
            Assert.True((await validator.ValidateAsync(ctx.Token(TestKeys.Ec256, c => c["sub"] = $"u{i}"), TestContext.Current.CancellationToken)).IsValid);
            Assert.InRange(validator.Cache!.Count, 1, 10);
        }
    }

    [Fact]
    public async Task CacheHit_AllocatesNothing()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Ec256]);
        var token = ctx.Token(TestKeys.Ec256);
        var ct = TestContext.Current.CancellationToken;
        Assert.True((await ctx.Validator.ValidateAsync(token, ct)).IsValid);

        var allocated = await JwtTestContext.AllocatedByThousandHitsAsync(() => ctx.Validator.ValidateAsync(token, ct));

        Assert.True(allocated < 1000, $"{allocated} bytes for 1000 cache hits");
        Assert.Equal(1, ctx.Validator.SignatureVerifications);
    }

    [Fact]
    public async Task TokenAsASliceOfTheHeader_SharesTheCacheWithTheString_AndHitsAllocateNothing()
    {
        await using var ctx = await JwtTestContext.CreateAsync(server, [TestKeys.Ec256]);
        var token = ctx.Token(TestKeys.Ec256);
        var header = "Bearer " + token;
        var slice = header.AsMemory("Bearer ".Length);
        var ct = TestContext.Current.CancellationToken;

        // A miss validates the slice (made a string once, for parsing); the string form then hits the same entry.
        var first = await ctx.Validator.ValidateAsync(slice, ct);
        Assert.True(first.IsValid, first.Reason.ToString());
        Assert.Same(first, await ctx.Validator.ValidateAsync(token, ct));
        Assert.Same(first, await ctx.Validator.ValidateAsync(("x" + header).AsMemory(1 + "Bearer ".Length), ct));

        var allocated = await JwtTestContext.AllocatedByThousandHitsAsync(() => ctx.Validator.ValidateAsync(slice, ct));

        Assert.True(allocated < 1000, $"{allocated} bytes for 1000 cache hits on a slice");
        Assert.Equal(1, ctx.Validator.SignatureVerifications);

        // A slice that is not the whole token is another token: refused, not confused with the cached one.
        Assert.False((await ctx.Validator.ValidateAsync(header.AsMemory("Bearer ".Length, token.Length - 1), ct)).IsValid);
    }

    [Fact]
    public void Hash_DiffersPerTokenAndIsStable()
    {
        Assert.Equal(JwtValidationCache.Hash("a.b.c"), JwtValidationCache.Hash("a.b.c"));
        Assert.NotEqual(JwtValidationCache.Hash("a.b.c"), JwtValidationCache.Hash("a.b.d"));
    }

    [Fact]
    public void Hash_AsciiAndOtherStrings_NeverTheSameInput()
    {
        // "\u4142" is the bytes 42 41 in UTF-16LE, which are the ASCII bytes of "BA": hashed without the marker they
        // would share a key.
        Assert.NotEqual(JwtValidationCache.Hash("BA"), JwtValidationCache.Hash("\u4142"));
        Assert.Equal(JwtValidationCache.Hash("\u4142"), JwtValidationCache.Hash("\u4142"));
    }

    [Fact]
    public void Hash_TokenLongerThanTheStackBuffer_StableAndDistinct()
    {
        var token = new string('a', 6000) + ".b.c";
        Assert.Equal(JwtValidationCache.Hash(token), JwtValidationCache.Hash(new string('a', 6000) + ".b.c"));
        Assert.NotEqual(JwtValidationCache.Hash(token), JwtValidationCache.Hash(new string('a', 6000) + ".b.d"));
        Assert.NotEqual(JwtValidationCache.Hash(new string('a', 4096)), JwtValidationCache.Hash(new string('a', 4097)));
    }
}
