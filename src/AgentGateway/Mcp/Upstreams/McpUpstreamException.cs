namespace AgentGateway.Mcp.Upstreams;

/// <summary>An upstream failure, carrying its kind and the target name.</summary>
internal sealed class McpUpstreamException : Exception
{
    public McpUpstreamException(string target, McpUpstreamError error, string message, Exception? inner = null)
        : base(message, inner)
    {
        Target = target;
        Error = error;
    }

    /// <summary>The target that failed.</summary>
    public string Target { get; }

    /// <summary>The kind of failure.</summary>
    public McpUpstreamError Error { get; }

    /// <summary>
    /// False when the request certainly never ran upstream (the connection was already gone, or the server refused
    /// the session): such a request can be retried on a new upstream session without running twice.
    /// </summary>
    public bool RequestMayHaveRun { get; init; } = true;
}
