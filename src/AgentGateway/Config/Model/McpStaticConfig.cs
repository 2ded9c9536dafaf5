namespace AgentGateway.Config.Model;

/// <summary>The <c>config.mcp</c> section.</summary>
public sealed record McpStaticConfig
{
    /// <summary>Idle time after which a downstream MCP session and its upstreams are ended. Default 30 minutes (as the reference).</summary>
    public TimeSpan? SessionTtl { get; init; }

    /// <summary>
    /// How long a request may wait for its upstream's answer without any progress notification; then the client gets
    /// a JSON-RPC error and the upstream a cancellation. Default 5 minutes. Not in the reference (gateway-specific).
    /// </summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>
    /// How long a target may take to start and answer <c>initialize</c>. Default 60 seconds (a cold <c>npx</c> is slow).
    /// Not in the reference (gateway-specific).
    /// </summary>
    public TimeSpan? InitializeTimeout { get; init; }

    /// <summary>
    /// The most MCP sessions alive at once (each one runs its own stdio processes); at the limit the session idle for
    /// longest ends to make room, and when every session is busy a new one is refused with 503. Default 1000. Not in
    /// the reference (gateway-specific).
    /// </summary>
    public int? MaxSessions { get; init; }

    /// <summary>
    /// The most MCP sessions one authenticated caller (issuer and subject of its token) holds at once; at the limit its
    /// own session idle for longest ends to make room, and when all of its sessions are busy a new one is refused with
    /// 429. Anonymous callers are bounded by maxSessions only. Default none. Not in the reference (gateway-specific).
    /// </summary>
    public int? MaxSessionsPerCaller { get; init; }
}
