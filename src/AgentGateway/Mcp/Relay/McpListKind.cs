namespace AgentGateway.Mcp.Relay;

/// <summary>A list method and how its items are named.</summary>
internal sealed record McpListKind(string Method, string Capability, string ResultProperty, string NameProperty, bool IsUri, string OwnerPrefix, McpItemKind ItemKind)
{
    public static readonly McpListKind Tools = new("tools/list", "tools", "tools", "name", false, "tool:", McpItemKind.Tool);
    public static readonly McpListKind Prompts = new("prompts/list", "prompts", "prompts", "name", false, "prompt:", McpItemKind.Prompt);
    public static readonly McpListKind Resources = new("resources/list", "resources", "resources", "uri", true, "resource:", McpItemKind.Resource);
    public static readonly McpListKind ResourceTemplates = new("resources/templates/list", "resources", "resourceTemplates", "uriTemplate", true, "template:", McpItemKind.Resource);
}
