namespace AgentGateway.Mcp.Upstreams;

/// <summary>What an HTTP target is sent as <c>Authorization</c>.</summary>
internal enum McpUpstreamAuthKind
{
    /// <summary>Nothing.</summary>
    None,

    /// <summary>A fixed credential.</summary>
    Static,

    /// <summary>The current caller's validated token.</summary>
    Passthrough,
}
