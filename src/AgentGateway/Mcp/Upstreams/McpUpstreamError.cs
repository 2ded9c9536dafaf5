namespace AgentGateway.Mcp.Upstreams;

/// <summary>Why an upstream call failed.</summary>
internal enum McpUpstreamError
{
    /// <summary>The target could not be started (stdio) or connected to (HTTP).</summary>
    StartFailed,

    /// <summary>The target did not answer <c>initialize</c> in time or answered with an error.</summary>
    InitializeFailed,

    /// <summary>The target went away (process exited, connection closed).</summary>
    Closed,

    /// <summary>The target did not answer in time.</summary>
    Timeout,

    /// <summary>Sending to the target failed.</summary>
    SendFailed,
}
