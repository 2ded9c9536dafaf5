namespace AgentGateway.Admin.Playground;

/// <summary>What an <c>mcpAuthorization</c> playground rule is about (<c>mcp.tool</c>, <c>mcp.prompt</c> or <c>mcp.resource</c>).</summary>
/// <param name="Kind"><c>tool</c> (default), <c>prompt</c> or <c>resource</c>.</param>
/// <param name="Name">The name (the target's own name, not the prefixed one); default <c>echo</c>.</param>
/// <param name="Target">The target's name; default <c>everything</c>.</param>
internal sealed record CelPlaygroundMcp(string? Kind = null, string? Name = null, string? Target = null);
