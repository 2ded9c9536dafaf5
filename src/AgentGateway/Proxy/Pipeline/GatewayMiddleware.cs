using AgentGateway.Mcp.Endpoints;
using AgentGateway.Proxy.Authentication;
using AgentGateway.Proxy.Routing;
using AgentGateway.Proxy.State;

namespace AgentGateway.Proxy.Pipeline;

/// <summary>
/// The data plane entry: reads the snapshot once, selects the route, answers discovery documents, runs the route's
/// authentication, and hands the request to the route's backend.
/// </summary>
internal sealed class GatewayMiddleware
{
    private readonly IGatewayStateAccessor _state;
    private readonly McpStreamableHttpHandler _mcp;
    private readonly RequestAuthenticator _authenticator;
    private readonly WellKnownEndpoints _wellKnown;

    public GatewayMiddleware(
        RequestDelegate next, IGatewayStateAccessor state, McpStreamableHttpHandler mcp, RequestAuthenticator authenticator, WellKnownEndpoints wellKnown)
    {
        _ = next;
        _state = state;
        _mcp = mcp;
        _authenticator = authenticator;
        _wellKnown = wellKnown;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var snapshot = _state.Current;
        var route = RouteSelector.Select(snapshot, context);
        if (context.Request.Path.StartsWithSegments("/.well-known", StringComparison.Ordinal))
        {
            // Discovery documents are public, whatever the route's policy: they tell clients how to authenticate.
            return _wellKnown.HandleAsync(context, snapshot, route);
        }

        if (route is null)
        {
            return ProxyErrorWriter.WriteAsync(context, ProxyError.NoRoute);
        }

        return route.Authentication is { } authentication
            ? AuthenticateAndServeAsync(context, route, authentication)
            : _mcp.HandleAsync(context, route.Backend);
    }

    private async Task AuthenticateAndServeAsync(HttpContext context, RouteModel route, RouteAuthentication authentication)
    {
        if (await _authenticator.AuthenticateAsync(context, authentication, route.Key) is { } challenge)
        {
            await ProxyErrorWriter.WriteUnauthorizedAsync(context, challenge);
            return;
        }

        await _mcp.HandleAsync(context, route.Backend);
    }
}
