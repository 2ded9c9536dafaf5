using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace AgentGateway.Security.Authentication;

/// <summary>Remembers successful validations so a token seen again costs a hash and a lookup instead of a signature check.</summary>
/// <remarks>
/// <para>
/// The key is the SHA-256 of the token, never the token itself: of its ASCII bytes (a bearer token is ASCII, so half the
/// bytes of its UTF-16 form: the hash is most of what a hit costs), or, for any other string, of a marker byte and its
/// UTF-16 code units, so that the two forms can never give the same input. Only
/// successes are stored. A hit is taken only while the issuer's key set has the generation the token was verified
/// under (a removed or replaced key revokes every validation it made) and is checked against the clock again: an
/// entry is good until the token's <c>exp</c> (minus the clock skew, as on a fresh validation).
/// </para>
/// <para>
/// Bounded: past <c>capacity</c> entries, expired and stale entries are swept, then arbitrary ones (dictionary order
/// is hash order, so effectively random) until 10 % is free. A hit allocates nothing.
/// </para>
/// </remarks>
internal sealed class JwtValidationCache
{
    private readonly ConcurrentDictionary<TokenHash, Entry> _entries = new();
    private readonly Lock _evictionGate = new();
    private readonly int _capacity;
    private const int MaxStackTokenLength = 4096;
    private int _count;

    /// <summary>Creates a cache of at most <paramref name="capacity"/> entries.</summary>
    public JwtValidationCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    /// <summary>Entries held now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The cache key of <paramref name="token"/>.</summary>
    public static TokenHash Hash(ReadOnlySpan<char> token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        if (token.Length <= MaxStackTokenLength && System.Text.Ascii.IsValid(token))
        {
            Span<byte> ascii = stackalloc byte[token.Length];
            System.Text.Ascii.FromUtf16(token, ascii, out _);
            SHA256.HashData(ascii, hash);
        }
        else
        {
            // Not ASCII, or too long for the stack: 0xFF (never an ASCII byte) then the UTF-16 code units.
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData([0xFF]);
            sha.AppendData(MemoryMarshal.AsBytes(token));
            sha.GetHashAndReset(hash);
        }

        return new TokenHash(
            MemoryMarshal.Read<ulong>(hash),
            MemoryMarshal.Read<ulong>(hash[8..]),
            MemoryMarshal.Read<ulong>(hash[16..]),
            MemoryMarshal.Read<ulong>(hash[24..]));
    }

    /// <summary>
    /// The remembered result for <paramref name="key"/> (<see cref="Entry.AnswerAt"/>): the success, with its entry in
    /// <paramref name="hit"/>; <see cref="JwtFailureReason.Expired"/> when it has expired since; or <see langword="null"/>
    /// (validate afresh) when unknown or the keys changed. An entry that no longer answers with a success is dropped.
    /// </summary>
    public JwtValidationResult? TryGet(in TokenHash key, DateTimeOffset now, out Entry? hit)
    {
        hit = null;
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        var answer = entry.AnswerAt(now);
        if (answer is { IsValid: true })
        {
            hit = entry;
        }
        else
        {
            Remove(key);
        }

        return answer;
    }

    /// <summary>Remembers a successful validation.</summary>
    public void Add(in TokenHash key, Entry entry, DateTimeOffset now)
    {
        // An entry already there is a success for the same token too (a stale one is dropped on its next lookup).
        if (_entries.TryAdd(key, entry) && Interlocked.Increment(ref _count) > _capacity)
        {
            Evict(now);
        }
    }

    private void Remove(in TokenHash key)
    {
        if (_entries.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private void Evict(DateTimeOffset now)
    {
        if (!_evictionGate.TryEnter())
        {
            return;
        }

        try
        {
            foreach (var (key, entry) in _entries)
            {
                if (entry.IsExpired(now) || entry.IsStale)
                {
                    Remove(key);
                }
            }

            var target = _capacity - Math.Max(1, _capacity / 10);
            foreach (var (key, _) in _entries)
            {
                if (Count <= target)
                {
                    break;
                }

                Remove(key);
            }
        }
        finally
        {
            _evictionGate.Exit();
        }
    }

    /// <summary>SHA-256 of a token, as four words.</summary>
    internal readonly record struct TokenHash(ulong A, ulong B, ulong C, ulong D);

    /// <summary>One remembered success.</summary>
    /// <param name="Result">The result handed out on a hit.</param>
    /// <param name="Keys">The provider whose keys verified the token.</param>
    /// <param name="Generation">The key-set generation the signature was verified under.</param>
    /// <param name="ExpiresAt">The token's <c>exp</c>, if any.</param>
    /// <param name="ClockSkew">The issuer's clock skew.</param>
    internal sealed record Entry(JwtValidationResult Result, JwksProvider Keys, long Generation, DateTimeOffset? ExpiresAt, TimeSpan ClockSkew)
    {
        /// <summary>Whether the token has expired at <paramref name="now"/> (the same rule as a fresh validation).</summary>
        public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } exp && exp <= now - ClockSkew;

        /// <summary>Whether the issuer's key set changed since the signature was verified (a key removed or replaced revokes it).</summary>
        public bool IsStale => Keys.Snapshot.Generation != Generation;

        /// <summary>
        /// What this entry answers at <paramref name="now"/>: null when <see cref="IsStale"/> (validate afresh),
        /// <see cref="JwtFailureReason.Expired"/> when <see cref="IsExpired"/>, otherwise <see cref="Result"/>. The one
        /// rule of the cache and of a connection's <see cref="JwtValidationMemo"/>.
        /// </summary>
        public JwtValidationResult? AnswerAt(DateTimeOffset now) =>
            IsStale ? null : IsExpired(now) ? JwtValidationResult.Failure(JwtFailureReason.Expired) : Result;
    }
}
