namespace AgentGateway.Config.Model;

/// <summary>
/// One token bucket of <c>localRateLimit</c>: a request takes a token, a request finding the bucket empty is refused
/// (HTTP 429, or a JSON-RPC error for a limit per MCP tool). The bucket starts full and gets <see cref="TokensPerFill"/>
/// tokens every <see cref="FillInterval"/>, up to <see cref="MaxTokens"/>.
/// </summary>
/// <remarks>
/// Beyond the reference: with a CEL <see cref="Key"/> each distinct value (each caller, each tool) gets its own bucket.
/// </remarks>
public sealed record LocalRateLimitConfig
{
    /// <summary>The bucket's capacity: the largest burst. Required, at least 1.</summary>
    public int MaxTokens { get; init; }

    /// <summary>Tokens added every <see cref="FillInterval"/>. Required, at least 1 and at most <see cref="MaxTokens"/>.</summary>
    public int TokensPerFill { get; init; }

    /// <summary>How often the bucket is refilled (e.g. <c>1s</c>, <c>60s</c>). Required, greater than zero.</summary>
    public TimeSpan? FillInterval { get; init; }

    /// <summary>What a token pays for: <c>requests</c> (the default and the only kind served; the reference's <c>tokens</c>, LLM tokens, is refused).</summary>
    public RateLimitType? Type { get; init; }

    /// <summary>
    /// Optional CEL expression whose value picks the bucket (e.g. <c>jwt.sub</c>, <c>request.headers["x-user"]</c>,
    /// <c>mcp.tool.name</c>). Without it, one bucket serves every request of the route. A key that names <c>mcp</c> is
    /// counted per MCP <c>tools/call</c> (refused with a JSON-RPC error); any other per HTTP request (refused with 429).
    /// A request whose key cannot be computed (e.g. <c>jwt.sub</c> of an anonymous caller) uses one shared bucket. Not in the reference.
    /// </summary>
    public string? Key { get; init; }
}
