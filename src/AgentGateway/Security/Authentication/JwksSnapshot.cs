using System.Collections.Frozen;

namespace AgentGateway.Security.Authentication;

/// <summary>An immutable key set of one <see cref="JwksProvider"/> at one moment.</summary>
/// <remarks>
/// <see cref="Generation"/> changes only when the usable keys change (a refetch returning the same keys keeps it), so a
/// validation cached under one generation stays good until a key is added, removed or replaced.
/// </remarks>
internal sealed class JwksSnapshot
{
    /// <summary>The snapshot before any successful load: no keys, generation 0.</summary>
    public static JwksSnapshot Empty { get; } = new(0, [], [], null);

    /// <summary>Creates a snapshot.</summary>
    public JwksSnapshot(long generation, IReadOnlyList<JwksKey> keys, byte[] fingerprint, DateTimeOffset? loadedAt)
    {
        Generation = generation;
        Keys = keys;
        Fingerprint = fingerprint;
        LoadedAt = loadedAt;
        KeysById = keys.Where(k => k.KeyId is not null)
            .GroupBy(k => k.KeyId!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<JwksKey>)[.. g], StringComparer.Ordinal);
    }

    /// <summary>Increases by one each time the usable keys change; 0 until the first successful load.</summary>
    public long Generation { get; }

    /// <summary>Every usable key, in document order.</summary>
    public IReadOnlyList<JwksKey> Keys { get; }

    /// <summary>The keys that have a <c>kid</c>, by <c>kid</c> (ordinal). A list, because a JWKS may repeat a <c>kid</c>.</summary>
    public FrozenDictionary<string, IReadOnlyList<JwksKey>> KeysById { get; }

    /// <summary>SHA-256 over the usable keys' public material, order-independent; decides whether a load changed anything.</summary>
    public byte[] Fingerprint { get; }

    /// <summary>When this key set was loaded.</summary>
    public DateTimeOffset? LoadedAt { get; }

    /// <summary>Whether there are no keys at all (never loaded successfully).</summary>
    public bool IsEmpty => Keys.Count == 0;
}
