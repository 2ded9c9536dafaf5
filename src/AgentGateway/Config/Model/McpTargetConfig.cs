namespace AgentGateway.Config.Model;

/// <summary>One MCP server behind a backend. Exactly one of <see cref="Stdio"/>, <see cref="Sse"/> or <see cref="Mcp"/> is required.</summary>
public sealed record McpTargetConfig
{
    /// <summary>Target name: lowercase letters, digits, <c>-</c> and <c>.</c>; <c>_</c> and <c>+</c> are reserved as prefix separators. Required.</summary>
    public string Name { get; init; } = "";

    /// <summary>A local process speaking MCP over stdin/stdout.</summary>
    public StdioTargetConfig? Stdio { get; init; }

    /// <summary>A server speaking the legacy HTTP+SSE transport.</summary>
    public HttpTargetConfig? Sse { get; init; }

    /// <summary>A server speaking streamable HTTP.</summary>
    public HttpTargetConfig? Mcp { get; init; }

    /// <summary>Policies of this target: <c>backendAuth</c>, <c>backendTLS</c> and <c>requestHeaderModifier</c> (HTTP targets).</summary>
    public PolicyConfig? Policies { get; init; }
}
