using System.Collections.Frozen;

namespace AgentGateway.Config;

/// <summary>Names of <see cref="AccessLogField"/>: the text line's keys, and the reference gateway's names for the same fields.</summary>
internal static class AccessLogFieldNames
{
    /// <summary>Every accepted name (case-sensitive, as in the line).</summary>
    public static FrozenDictionary<string, AccessLogField> All { get; } = new Dictionary<string, AccessLogField>
    {
        ["method"] = AccessLogField.Method,
        ["http.method"] = AccessLogField.Method,
        ["path"] = AccessLogField.Path,
        ["http.path"] = AccessLogField.Path,
        ["status"] = AccessLogField.Status,
        ["http.status"] = AccessLogField.Status,
        ["duration"] = AccessLogField.Duration,
        ["route"] = AccessLogField.Route,
        ["sub"] = AccessLogField.Subject,
        ["jwt.sub"] = AccessLogField.Subject,
        ["mcp.method"] = AccessLogField.McpMethod,
        ["mcp.method.name"] = AccessLogField.McpMethod,
        ["mcp.target"] = AccessLogField.McpTarget,
        ["mcp.name"] = AccessLogField.McpName,
        ["gen_ai.tool.name"] = AccessLogField.McpName,
        ["mcp.session"] = AccessLogField.McpSession,
        ["mcp.session.id"] = AccessLogField.McpSession,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The names to suggest in an error.</summary>
    public const string Listed = "method, path, status, duration, route, sub, mcp.method, mcp.target, mcp.name, mcp.session " +
        "(or the reference's http.method, http.path, http.status, jwt.sub, mcp.method.name, gen_ai.tool.name, mcp.session.id)";
}
