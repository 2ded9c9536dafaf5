namespace AgentGateway.Proxy.RateLimiting;

/// <summary>What one token of a rule pays for.</summary>
internal enum RateLimitScope
{
    /// <summary>An HTTP request; refused with 429.</summary>
    Http,

    /// <summary>An MCP <c>tools/call</c> (the rule's key names <c>mcp</c>); refused with a JSON-RPC error.</summary>
    Mcp,
}
