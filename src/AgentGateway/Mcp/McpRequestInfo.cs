namespace AgentGateway.Mcp;

/// <summary>
/// What the MCP engine learned about one HTTP request, for the access log: set in <see cref="McpRequestFeature.Info"/>
/// by the layer in front (when it logs), filled by the engine. Holds no secret: the session id is cut to a prefix.
/// </summary>
internal sealed class McpRequestInfo
{
    /// <summary>The JSON-RPC method (the first request's, or <c>batch</c>), or null when none was parsed.</summary>
    public string? Method { get; set; }

    /// <summary>For <c>tools/call</c>, <c>prompts/get</c>, <c>resources/read</c>: the name or URI the client sent.</summary>
    public string? Name { get; set; }

    /// <summary>The target the request was for, when one can be named.</summary>
    public string? Target { get; set; }

    /// <summary>The first 8 characters of the session id: enough to follow a session in the log, not to use it.</summary>
    public string? SessionPrefix { get; set; }

    /// <summary>Sets <see cref="SessionPrefix"/> from a full id.</summary>
    public void SetSession(string? sessionId) => SessionPrefix = sessionId is null ? null : sessionId[..Math.Min(8, sessionId.Length)];
}
