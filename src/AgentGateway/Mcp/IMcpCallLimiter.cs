namespace AgentGateway.Mcp;

/// <summary>
/// Rate limits per MCP call, for the caller of one HTTP request; set by the layer in front of the engine in
/// <see cref="McpRequestFeature.Limiter"/> (like <see cref="IMcpAccessPolicy"/>). The engine asks it before routing a
/// <c>tools/call</c> that the access policy allows, and answers a refusal with a JSON-RPC error
/// (<see cref="Protocol.McpErrorCodes.RateLimited"/>) inside the normal MCP response, so a session's stream is never broken.
/// </summary>
internal interface IMcpCallLimiter
{
    /// <summary>
    /// Takes a token for a call of <paramref name="name"/> (the target's own name) of <paramref name="target"/>; false
    /// when a limit refuses it, with the whole seconds to wait in <paramref name="retryAfterSeconds"/>.
    /// </summary>
    bool TryAcquire(McpItemKind kind, string target, string name, out long retryAfterSeconds);
}
