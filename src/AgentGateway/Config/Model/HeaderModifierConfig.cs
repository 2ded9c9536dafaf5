namespace AgentGateway.Config.Model;

/// <summary>
/// Header edits of <c>requestHeaderModifier</c> and <c>responseHeaderModifier</c>: <see cref="Remove"/> first, then
/// <see cref="Set"/> (replacing any value), then <see cref="Add"/> (appending a value). Names are HTTP tokens, matched
/// without regard to case; hop-by-hop headers, <c>host</c>, <c>content-length</c> and the headers the gateway manages
/// (<c>authorization</c> on requests, <c>mcp-session-id</c>, <c>mcp-protocol-version</c>) cannot be edited.
/// </summary>
public sealed record HeaderModifierConfig
{
    /// <summary>Headers to append a value to (kept alongside existing values): name → value.</summary>
    public IReadOnlyDictionary<string, string> Add { get; init; } = new Dictionary<string, string>();

    /// <summary>Headers to set, replacing existing values: name → value.</summary>
    public IReadOnlyDictionary<string, string> Set { get; init; } = new Dictionary<string, string>();

    /// <summary>Header names to remove.</summary>
    public IReadOnlyList<string> Remove { get; init; } = [];
}
