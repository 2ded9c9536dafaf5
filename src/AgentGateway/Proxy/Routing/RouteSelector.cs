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

        // The host name is cut out of the Host header (a string per request) only when some listener or route asks.
        string? host = null;
        // Indexed loops: a foreach over these IReadOnlyLists would allocate an enumerator per request.
        var listeners = bind.Listeners;
        for (var l = 0; l < listeners.Count; l++)
        {
            var listener = listeners[l];
            if (!listener.Host.MatchesAny && !listener.Host.Matches(host ??= context.Request.Host.Host))
            {
                continue;
            }

            var candidates = listener.Candidates;
            for (var c = 0; c < candidates.Count; c++)
            {
                var (route, match) = candidates[c];
                if ((route.Hosts.MatchesAny || route.Hosts.Matches(host ??= context.Request.Host.Host)) && match.Matches(context.Request))
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
        // Indexed loops: a foreach over these IReadOnlyLists would allocate an enumerator per request.
        var listeners = bind.Listeners;
        for (var l = 0; l < listeners.Count; l++)
        {
            var listener = listeners[l];
            if (!listener.Host.Matches(host))
            {
                continue;
            }

            var candidates = listener.Candidates;
            for (var c = 0; c < candidates.Count; c++)
            {
                var (route, match) = candidates[c];
                if (route.Hosts.Matches(host) && match.MatchesPath(path))
                {
                    return route;
                }
            }
        }

        return null;
    }
}
