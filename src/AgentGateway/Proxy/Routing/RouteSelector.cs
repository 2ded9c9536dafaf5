using AgentGateway.Proxy.State;

namespace AgentGateway.Proxy.Routing;

/// <summary>Finds the route of a request: bind by local port, listener by host, then the most specific matching route.</summary>
internal static class RouteSelector
{
    /// <summary>The route, or null when none matches.</summary>
    public static RouteModel? Select(GatewaySnapshot snapshot, HttpContext context)
    {
        if (!snapshot.Binds.TryGetValue(context.Connection.LocalPort, out var bind))
        {
            return null;
        }

        var host = context.Request.Host.Host;
        foreach (var listener in bind.Listeners)
        {
            if (!listener.Host.Matches(host))
            {
                continue;
            }

            foreach (var (route, match) in listener.Candidates)
            {
                if (route.Hosts.Matches(host) && match.Matches(context.Request))
                {
                    return route;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The route that would serve a request for <paramref name="path"/> on the same port and host as
    /// <paramref name="context"/>'s, matching paths only: finds the resource a path-inserted discovery URL
    /// (<c>/.well-known/oauth-protected-resource/mcp</c>) is about.
    /// </summary>
    public static RouteModel? SelectForPath(GatewaySnapshot snapshot, HttpContext context, string path)
    {
        if (!snapshot.Binds.TryGetValue(context.Connection.LocalPort, out var bind))
        {
            return null;
        }

        var host = context.Request.Host.Host;
        foreach (var listener in bind.Listeners)
        {
            if (!listener.Host.Matches(host))
            {
                continue;
            }

            foreach (var (route, match) in listener.Candidates)
            {
                if (route.Hosts.Matches(host) && match.MatchesPath(path))
                {
                    return route;
                }
            }
        }

        return null;
    }
}
