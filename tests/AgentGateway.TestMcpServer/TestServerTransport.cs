namespace AgentGateway.TestMcpServer;

/// <summary>The transport the test server speaks.</summary>
public enum TestServerTransport
{
    /// <summary>MCP over stdin/stdout (newline-delimited JSON-RPC).</summary>
    Stdio,

    /// <summary>Streamable HTTP at <c>/mcp</c> plus legacy SSE at <c>/sse</c>.</summary>
    Http,
}
