namespace AgentGateway.Config.Model;

/// <summary>The <c>config.mcp</c> section.</summary>
public sealed record McpStaticConfig
{
    /// <summary>Idle time after which a downstream MCP session and its upstreams are ended. Default 30 minutes (as the reference).</summary>
    public TimeSpan? SessionTtl { get; init; }
}
