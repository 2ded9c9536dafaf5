namespace AgentGateway.Mcp;

/// <summary>Timeouts and limits of the MCP engine.</summary>
internal sealed record McpEngineOptions
{
    /// <summary>How long a target may take to start and answer <c>initialize</c>. Default 60 s (a cold <c>npx</c> is slow).</summary>
    public TimeSpan InitializeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a request may wait for its answer without any progress notification. Default 5 minutes.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Idle time after which a session is ended. Default 30 minutes.</summary>
    public TimeSpan SessionTtl { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Sessions alive at once in the gateway, all backends together, counting those being initialized and the warm ones
    /// kept for session-less requests (<c>config.mcp.maxSessions</c>). Default 1000.
    /// </summary>
    public int MaxSessions { get; init; } = 1000;

    /// <summary>
    /// Sessions one authenticated caller may hold at once, its client and legacy SSE sessions and its warm session-less
    /// ones (<c>config.mcp.maxSessionsPerCaller</c>); null, no limit of its own. Anonymous callers are bounded by
    /// <see cref="MaxSessions"/> only.
    /// </summary>
    public int? MaxSessionsPerCaller { get; init; }

    /// <summary>Messages buffered for a session's GET stream while no client listens; older ones are dropped.</summary>
    public int OutboundBufferLimit { get; init; } = 1000;

    /// <summary>
    /// How long the events of a POST's SSE stream are kept after its request ended and its last client connection
    /// went, for a client that resumes it (<c>GET</c> with <c>Last-Event-ID</c>). Default 5 minutes.
    /// </summary>
    public TimeSpan StreamRetention { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a POST's SSE stream is kept once its final answer was written to the client in full: only for a client
    /// whose connection broke as the answer went out. Default 30 s.
    /// </summary>
    public TimeSpan DeliveredStreamRetention { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest accepted request body (<c>config.http.maxBufferSize</c>); a larger one gets 413. Default 2 MiB (the reference's <c>maxBufferSize</c>).</summary>
    public long MaxRequestBodySize { get; init; } = 2 * 1024 * 1024;
}
