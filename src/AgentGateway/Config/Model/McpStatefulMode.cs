namespace AgentGateway.Config.Model;

/// <summary>Whether the gateway keeps MCP sessions.</summary>
public enum McpStatefulMode
{
    /// <summary><c>Mcp-Session-Id</c> sessions with one set of upstream connections each.</summary>
    Stateful,

    /// <summary>No session: every request gets fresh upstreams, torn down after the response.</summary>
    Stateless,
}
