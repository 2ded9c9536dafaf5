using AgentGateway.Proxy.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace AgentGateway.Tests.Proxy.RateLimiting;

public sealed class RateLimitBucketTableTests
{
    private static readonly RateLimitParameters s_oneAMinute = RateLimitParameters.Create(1, 1, TimeSpan.FromMinutes(1));
    private readonly FakeTimeProvider _time = new();

    private long Now => RateLimitClock.Now(_time);

    [Fact]
    public void Acquire_EachKeyHasItsOwnBucket()
    {
        var table = new RateLimitBucketTable(s_oneAMinute);
        Assert.True(table.Acquire("alice", Now).Allowed);
        Assert.False(table.Acquire("alice", Now).Allowed);
        Assert.True(table.Acquire("bob", Now).Allowed);
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void Acquire_AtCapacity_NewKeysShareTheOverflowBucket_ExistingKeysKeepTheirs()
    {
        var table = new RateLimitBucketTable(RateLimitParameters.Create(2, 1, TimeSpan.FromMinutes(1)), capacity: 2);
        table.Acquire("a", Now);
        table.Acquire("b", Now);

        // Two new keys, one overflow bucket of 2 tokens: the third new caller is refused.
        Assert.True(table.Acquire("c", Now).Allowed);
        Assert.True(table.Acquire("d", Now).Allowed);
        Assert.False(table.Acquire("e", Now).Allowed);
        Assert.Equal(2, table.Count);
        Assert.False(table.Contains("c"));

        // The tracked keys are unaffected.
        Assert.Equal(new RateLimitDecision(true, 2, 0, 60), table.Acquire("a", Now));
    }

    [Fact]
    public void Acquire_NewKey_SweepsOnlyBucketsThatAreFullAgain()
    {
        var table = new RateLimitBucketTable(RateLimitParameters.Create(2, 1, TimeSpan.FromSeconds(10)), capacity: 2);
        table.Acquire("idle", Now);     // 1 of 2 left
        _time.Advance(TimeSpan.FromSeconds(5));
        table.Acquire("busy", Now);     // 1 of 2 left, refills at 15 s

        // At 10 s "idle" is full again, "busy" is not: a new key evicts "idle" and takes its place.
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(table.Acquire("new", Now).Allowed);
        Assert.False(table.Contains("idle"));
        Assert.True(table.Contains("busy"));
        Assert.True(table.Contains("new"));

        // "busy" kept its state: one token, then refused.
        Assert.True(table.Acquire("busy", Now).Allowed);
        Assert.False(table.Acquire("busy", Now).Allowed);
    }

    [Fact]
    public void Acquire_SweepsAtMostOncePerSweepInterval()
    {
        var table = new RateLimitBucketTable(s_oneAMinute, capacity: 1);
        table.Acquire("a", Now);                        // sweep #1 (nothing to drop), "a" tracked
        _time.Advance(TimeSpan.FromMinutes(1));         // "a" is full again
        table.Acquire("b", Now);                        // sweep #2 drops "a"; "b" tracked
        Assert.False(table.Contains("a"));
        Assert.True(table.Contains("b"));

        // 1 ms before "b" refills: a sweep runs (a minute since the last) but "b" is not full, so it stays.
        _time.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromMilliseconds(1));
        table.Acquire("c", Now);
        Assert.True(table.Contains("b"));
        Assert.False(table.Contains("c"));              // at capacity: "c" went to the overflow bucket

        _time.Advance(TimeSpan.FromMilliseconds(1));    // "b" full now, but the last sweep was 1 ms ago
        table.Acquire("d", Now);
        Assert.True(table.Contains("b"));
        Assert.False(table.Contains("d"));

        _time.Advance(RateLimitBucketTable.SweepInterval);
        table.Acquire("e", Now);
        Assert.False(table.Contains("b"));
        Assert.True(table.Contains("e"));
    }

    [Fact]
    public void Acquire_AFloodOfKeys_NeverGrowsPastCapacity()
    {
        var table = new RateLimitBucketTable(s_oneAMinute, capacity: 100);
        var allowed = 0;
        for (var i = 0; i < 10_000; i++)
        {
            if (table.Acquire("attacker-" + i, Now).Allowed)
            {
                allowed++;
            }

            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(100, table.Count);

        // 100 own buckets plus one overflow token a minute (10 s of flood, so the overflow bucket never refilled).
        Assert.Equal(101, allowed);
    }

    [Fact]
    public async Task Acquire_Concurrently_GrantsExactlyTheTokensThereAre()
    {
        var table = new RateLimitBucketTable(RateLimitParameters.Create(500, 1, TimeSpan.FromMinutes(1)), capacity: 4);
        var now = Now;
        var granted = new int[4];

        // Eight threads, four keys (two threads each), a fixed clock: every key grants exactly its 500 tokens.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                if (table.Acquire("key-" + (t % 4), now).Allowed)
                {
                    Interlocked.Increment(ref granted[t % 4]);
                }
            }
        }, TestContext.Current.CancellationToken)));

        Assert.All(granted, count => Assert.Equal(500, count));
        Assert.Equal(4, table.Count);
    }

    [Fact]
    public void Acquire_LongKeys_AreStoredHashed_AndStillDistinct()
    {
        var table = new RateLimitBucketTable(s_oneAMinute);
        var a = new string('a', 10_000);
        var b = new string('a', 9_999) + "b";
        Assert.True(table.Acquire(a, Now).Allowed);
        Assert.True(table.Acquire(b, Now).Allowed);
        Assert.False(table.Acquire(a, Now).Allowed);
        Assert.True(table.Contains(a));
    }
}
