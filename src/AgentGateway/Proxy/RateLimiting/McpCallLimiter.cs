using AgentGateway.Cel;
using AgentGateway.Mcp;
using AgentGateway.Telemetry;

namespace AgentGateway.Proxy.RateLimiting;

/// <summary>
/// A route's rate-limit rules keyed on <c>mcp</c>, bound to one request's caller: what the MCP engine asks before
/// routing a <c>tools/call</c>. The key sees the request's variables plus <c>mcp.tool.name</c> (the target's own name)
/// and <c>mcp.tool.target</c>, as in <c>mcpAuthorization</c>.
/// </summary>
internal sealed class McpCallLimiter(LocalRateLimitRule[] rules, RequestCelContext request, TimeProvider time, GatewayMetrics metrics, string route) : IMcpCallLimiter
{
    /// <inheritdoc/>
    public bool TryAcquire(McpItemKind kind, string target, string name, out long retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        if (kind != McpItemKind.Tool)
        {
            return true;
        }

        var decision = LocalRateLimitPolicy.Acquire(rules, new McpCelContext(request, "tool", target, name), RateLimitClock.Now(time));
        if (decision is not { Allowed: false } refused)
        {
            return true;
        }

        metrics.RecordRateLimited(route, GatewayMetrics.RateLimitedMcp);
        retryAfterSeconds = refused.ResetSeconds;
        return false;
    }
}
