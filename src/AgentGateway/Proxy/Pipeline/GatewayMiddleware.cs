using AgentGateway.Mcp.Endpoints;
using AgentGateway.Proxy.Routing;
using AgentGateway.Proxy.State;

namespace AgentGateway.Proxy.Pipeline;

/// <summary>
/// The data plane entry: reads the snapshot once, selects the route, and hands the request to the route's backend.
/// </summary>
internal sealed class GatewayMiddleware
{
    private readonly IGatewayStateAccessor _state;
    private readonly McpStreamableHttpHandler _mcp;

    public GatewayMiddleware(RequestDelegate next, IGatewayStateAccessor state, McpStreamableHttpHandler mcp)
    {
        _ = next;
        _state = state;
        _mcp = mcp;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var snapshot = _state.Current;
        var route = RouteSelector.Select(snapshot, context);
        if (route is null)
        {
            return ProxyErrorWriter.WriteAsync(context, ProxyError.NoRoute);
        }

        if (context.Request.Path.StartsWithSegments("/.well-known", StringComparison.Ordinal))
        {
            // OAuth discovery documents come with authentication policies; without one there is none to serve.
            return ProxyErrorWriter.WriteAsync(context, ProxyError.WellKnownNotFound);
        }

        return _mcp.HandleAsync(context, route.Backend);
    }
}
