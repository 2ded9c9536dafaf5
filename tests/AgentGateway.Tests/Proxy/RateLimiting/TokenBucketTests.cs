using AgentGateway.Proxy.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace AgentGateway.Tests.Proxy.RateLimiting;

public sealed class TokenBucketTests
{
    private readonly FakeTimeProvider _time = new();

    private long Now => RateLimitClock.Now(_time);

    private static RateLimitParameters Parameters(int max, int perFill, TimeSpan interval) => RateLimitParameters.Create(max, perFill, interval);

    [Fact]
    public void TryAcquire_StartsFull_ThenRefuses_WithLimitRemainingAndReset()
    {
        var bucket = new TokenBucket(Parameters(3, 1, TimeSpan.FromSeconds(60)), Now);

        Assert.Equal(new RateLimitDecision(true, 3, 2, 60), bucket.TryAcquire(Now));
        Assert.Equal(new RateLimitDecision(true, 3, 1, 60), bucket.TryAcquire(Now));
        Assert.Equal(new RateLimitDecision(true, 3, 0, 60), bucket.TryAcquire(Now));
        Assert.Equal(new RateLimitDecision(false, 3, 0, 60), bucket.TryAcquire(Now));
    }

    [Fact]
    public void TryAcquire_ResetIsTheTimeToTheNextRefill_RoundedUp()
    {
        var bucket = new TokenBucket(Parameters(1, 1, TimeSpan.FromSeconds(60)), Now);
        bucket.TryAcquire(Now);

        _time.Advance(TimeSpan.FromSeconds(20.5));
        Assert.Equal(new RateLimitDecision(false, 1, 0, 40), bucket.TryAcquire(Now));
        _time.Advance(TimeSpan.FromSeconds(39));
        Assert.Equal(new RateLimitDecision(false, 1, 0, 1), bucket.TryAcquire(Now));
    }

    [Fact]
    public void TryAcquire_RefillsPerElapsedInterval_CappedAtMaxTokens()
    {
        var bucket = new TokenBucket(Parameters(5, 2, TimeSpan.FromSeconds(10)), Now);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(bucket.TryAcquire(Now)!.Value.Allowed);
        }

        Assert.False(bucket.TryAcquire(Now)!.Value.Allowed);

        // Just before the first refill: still empty.
        _time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.False(bucket.TryAcquire(Now)!.Value.Allowed);

        // One interval: +2 tokens; the refill schedule does not drift (next refill at 20 s, 10 s away).
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(new RateLimitDecision(true, 5, 1, 10), bucket.TryAcquire(Now));

        // Three more intervals at once (25 s from start is 2.5 intervals past the refill at 10 s): +4, capped at 5.
        _time.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal(new RateLimitDecision(true, 5, 4, 5), bucket.TryAcquire(Now));
    }

    [Fact]
    public void TryAcquire_AfterALongIdle_IsFullNotOverflowed()
    {
        var bucket = new TokenBucket(Parameters(2, 1, TimeSpan.FromMilliseconds(100)), Now);
        bucket.TryAcquire(Now);
        bucket.TryAcquire(Now);
        _time.Advance(TimeSpan.FromDays(365));
        Assert.Equal(1, bucket.TryAcquire(Now)!.Value.Remaining);
    }

    [Fact]
    public void TryEvictIfFull_OnlyAFullBucket_ThenItAnswersNull()
    {
        var bucket = new TokenBucket(Parameters(2, 1, TimeSpan.FromSeconds(1)), Now);
        bucket.TryAcquire(Now);
        Assert.False(bucket.TryEvictIfFull(Now));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(bucket.TryEvictIfFull(Now));
        Assert.Null(bucket.TryAcquire(Now));
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 2, 1)]
    [InlineData(1, 1, 0)]
    public void Parameters_Invalid_Throw(int max, int perFill, int seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RateLimitParameters.Create(max, perFill, TimeSpan.FromSeconds(seconds)));
}
