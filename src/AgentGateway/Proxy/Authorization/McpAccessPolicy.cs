using AgentGateway.Cel;
using AgentGateway.Mcp;
using AgentGateway.Security.Authorization;

namespace AgentGateway.Proxy.Authorization;

/// <summary>A route's <c>mcpAuthorization</c> rules, bound to one request's caller: what the MCP engine asks before showing or routing to an item.</summary>
internal sealed class McpAccessPolicy(AuthorizationRuleSet rules, RequestCelContext request) : IMcpAccessPolicy
{
    /// <inheritdoc/>
    public bool Allows(McpItemKind kind, string target, string name)
    {
        var noun = kind switch
        {
            McpItemKind.Tool => "tool",
            McpItemKind.Prompt => "prompt",
            _ => "resource",
        };
        return rules.IsAllowed(new McpCelContext(request, noun, target, name));
    }
}
