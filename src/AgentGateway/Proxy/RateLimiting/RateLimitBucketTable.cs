using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AgentGateway.Proxy.RateLimiting;

/// <summary>
/// The buckets of one keyed rule, one per key value, bounded in number: keys can come from the caller
/// (<c>request.headers["x-user"]</c>), and an attacker must not be able to grow memory without bound.
/// </summary>
/// <remarks>
/// <para>
/// <b>Eviction is lossless and deterministic.</b> When a new key arrives and at least <see cref="SweepInterval"/> has
/// passed since the last sweep, every bucket that is full again (its caller has been idle long enough to refill) is
/// dropped: a full bucket is what a new one would be, so no caller gains or loses a token by it. Nothing else is ever
/// evicted, so a throttled caller cannot shed its empty bucket by flooding other keys.
/// </para>
/// <para>
/// <b>At capacity, new keys share one overflow bucket</b> (same parameters) until a sweep frees room. Existing keys
/// keep their own buckets. This fails neither open (a flood of new keys still gets at most the rule's rate through
/// the overflow bucket) nor fully closed (new callers are served at that rate instead of all refused).
/// </para>
/// <para>Keys longer than <see cref="MaxKeyLength"/> characters are stored as their SHA-256, so a key costs bounded memory.</para>
/// </remarks>
internal sealed class RateLimitBucketTable
{
    /// <summary>Buckets kept per rule by default.</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>Longest key stored as is.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>Least time between two sweeps for full buckets.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly RateLimitParameters _parameters;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private TokenBucket? _overflow;
    private int _count;
    private long _nextSweep;

    /// <summary>Creates an empty table of buckets shaped by <paramref name="parameters"/>, holding at most <paramref name="capacity"/>.</summary>
    public RateLimitBucketTable(RateLimitParameters parameters, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _parameters = parameters;
        _capacity = capacity;
        _nextSweep = long.MinValue;
    }

    /// <summary>Buckets held (the overflow bucket not counted).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Whether <paramref name="key"/> has its own bucket.</summary>
    public bool Contains(string key) => _buckets.ContainsKey(StoredKey(key));

    /// <summary>Takes a token from the bucket of <paramref name="key"/> (its own, or the overflow bucket at capacity).</summary>
    public RateLimitDecision Acquire(string key, long now)
    {
        var stored = StoredKey(key);
        while (true)
        {
            if (GetBucket(stored, now).TryAcquire(now) is { } decision)
            {
                return decision;
            }

            // Evicted between the lookup and the acquire: it was full, and the next lookup makes a new full one.
        }
    }

    private TokenBucket GetBucket(string key, long now)
    {
        if (_buckets.TryGetValue(key, out var bucket))
        {
            return bucket;
        }

        lock (_gate)
        {
            if (_buckets.TryGetValue(key, out bucket))
            {
                return bucket;
            }

            if (now >= _nextSweep)
            {
                Sweep(now);
                _nextSweep = now + SweepInterval.Ticks;
            }

            if (_count >= _capacity)
            {
                return _overflow ??= new TokenBucket(_parameters, now);
            }

            bucket = new TokenBucket(_parameters, now);
            _buckets[key] = bucket;
            _count++;
            return bucket;
        }
    }

    /// <summary>Drops every full bucket (under <see cref="_gate"/>).</summary>
    private void Sweep(long now)
    {
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.TryEvictIfFull(now) && _buckets.TryRemove(key, out _))
            {
                _count--;
            }
        }

        if (_overflow is not null && _overflow.TryEvictIfFull(now))
        {
            _overflow = null;
        }
    }

    private static string StoredKey(string key) =>
        key.Length <= MaxKeyLength ? key : "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
