namespace AgentGateway.Mcp.Protocol;

/// <summary>JSON-RPC error codes used by the gateway.</summary>
internal static class McpErrorCodes
{
    /// <summary>Invalid JSON was received.</summary>
    public const int ParseError = -32700;

    /// <summary>The JSON is not a valid JSON-RPC message.</summary>
    public const int InvalidRequest = -32600;

    /// <summary>The method does not exist or is not available.</summary>
    public const int MethodNotFound = -32601;

    /// <summary>Invalid method parameters; also used for unknown tools, prompts and resources (as the reference).</summary>
    public const int InvalidParams = -32602;

    /// <summary>Internal error: an upstream failed, timed out or exited.</summary>
    public const int InternalError = -32603;

    /// <summary>A 2026-07-28 routing header disagrees with the body.</summary>
    public const int HeaderMismatch = -32020;

    /// <summary>The protocol version is not supported.</summary>
    public const int UnsupportedProtocolVersion = -32022;

    /// <summary>A rate limit (<c>localRateLimit</c> keyed per tool) refused the call; <c>data.retryAfter</c> says how many seconds to wait. In the implementation-defined server range, 429 as a mnemonic.</summary>
    public const int RateLimited = -32029;

    /// <summary>No new session can start now: <c>config.mcp.maxSessions</c> sessions are alive and busy. In the implementation-defined server range, 503 as a mnemonic.</summary>
    public const int SessionLimitReached = -32053;

    /// <summary>No new session can start now for this caller: it holds <c>config.mcp.maxSessionsPerCaller</c> sessions, all busy (HTTP 429; -32029 is the per-tool rate limit).</summary>
    public const int CallerSessionLimitReached = -32054;

    /// <summary>Session not found (used in 404 bodies, as the C# and TypeScript SDKs do).</summary>
    public const int SessionNotFound = -32001;
}
