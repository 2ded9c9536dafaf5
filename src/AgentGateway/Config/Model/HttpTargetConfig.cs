namespace AgentGateway.Config.Model;

/// <summary>An HTTP MCP server: either a full URL in <see cref="Host"/>, or <see cref="Host"/> + <see cref="Port"/> + <see cref="Path"/>.</summary>
public sealed record HttpTargetConfig
{
    /// <summary>A full URL (<c>https://mcp.example.com/mcp</c>) or a host name. Required.</summary>
    public string Host { get; init; } = "";

    /// <summary>Port, when <see cref="Host"/> is a host name. Default 80 (443 for https).</summary>
    public int? Port { get; init; }

    /// <summary>Path, when <see cref="Host"/> is a host name. Default <c>/mcp</c> (streamable HTTP) or <c>/sse</c> (SSE).</summary>
    public string? Path { get; init; }
}
