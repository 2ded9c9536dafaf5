namespace AgentGateway.Security.Authentication;

/// <summary>What <see cref="JwksParser"/> made of a JWKS document.</summary>
internal sealed record JwksParseResult
{
    /// <summary>Why the whole document was rejected, or <see langword="null"/> when it gave at least one usable key.</summary>
    public string? Error { get; init; }

    /// <summary>The usable keys, in document order (empty on error).</summary>
    public IReadOnlyList<JwksKey> Keys { get; init; } = [];

    /// <summary>Order-independent SHA-256 of the usable keys' public material (empty on error).</summary>
    public byte[] Fingerprint { get; init; } = [];

    /// <summary>One line per key that was skipped (<c>kid</c> and reason; never key material).</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    /// <summary>Whether the document gave at least one usable key.</summary>
    public bool Success => Error is null;
}
