namespace AgentGateway.Proxy.Pipeline;

/// <summary>
/// One line per request on the <c>agentgateway.access</c> category, at information level: route, HTTP method, path,
/// status, duration, the caller's <c>sub</c>, and for MCP the JSON-RPC method, the tool (prompt, resource) named and its
/// target, and a session id prefix; for A2A the JSON-RPC method and outcome. In <c>logging.format: json</c> each is a field. Never a token or a full session id;
/// the path is logged without its query string.
/// </summary>
internal static partial class AccessLog
{
    /// <summary>The logger category; raise its level to turn access logs off (e.g. <c>/logging</c> on the admin port).</summary>
    public const string Category = "agentgateway.access";

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "{HttpMethod} {Path} {Status} {DurationMs:0.0}ms route={Route} sub={Subject} mcp.method={McpMethod} mcp.target={McpTarget} mcp.name={McpName} mcp.session={McpSession}")]
    public static partial void Request(
        ILogger logger, string httpMethod, string path, int status, double durationMs, string route, string? subject,
        string? mcpMethod, string? mcpTarget, string? mcpName, string? mcpSession);

    /// <summary>The line of a request on an <c>a2a</c> route: the A2A method and the outcome (<c>success</c>, <c>error:&lt;code&gt;</c>, <c>unknown</c>) instead of the MCP fields.</summary>
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "{HttpMethod} {Path} {Status} {DurationMs:0.0}ms route={Route} sub={Subject} a2a.method={A2aMethod} a2a.outcome={A2aOutcome}")]
    public static partial void A2aRequest(
        ILogger logger, string httpMethod, string path, int status, double durationMs, string route, string? subject, string? a2aMethod, string? a2aOutcome);
}
