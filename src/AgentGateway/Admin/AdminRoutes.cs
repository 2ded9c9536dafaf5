using System.Globalization;
using AgentGateway.Config.Model;
using AgentGateway.Proxy.State;

namespace AgentGateway.Admin;

/// <summary>
/// The routes of a configuration (its binds normalized: the <c>mcp:</c> shortcut becomes the bind it stands for), named
/// and keyed as the snapshot names them, with an endpoint a client can call: for <c>GET /routes</c> and the playground relay.
/// </summary>
internal static class AdminRoutes
{
    /// <summary>The path offered for a route that serves every path.</summary>
    private const string DefaultMcpPath = "/mcp";

    /// <summary>Every route, in configuration order.</summary>
    /// <param name="config">The configuration in force.</param>
    /// <param name="clientHost">The host the admin address was reached by, for the URLs of routes that answer any host name.</param>
    public static IReadOnlyList<AdminRouteInfo> List(GatewayConfig config, string clientHost)
    {
        ArgumentNullException.ThrowIfNull(config);
        var list = new List<AdminRouteInfo>();
        foreach (var bind in GatewaySnapshotBuilder.Normalize(config))
        {
            for (var li = 0; li < bind.Listeners.Count; li++)
            {
                var listener = bind.Listeners[li];
                var listenerName = GatewaySnapshotBuilder.ListenerName(listener, li);
                for (var ri = 0; ri < listener.Routes.Count; ri++)
                {
                    var route = listener.Routes[ri];
                    var routeName = GatewaySnapshotBuilder.RouteName(route, ri);
                    var path = PathOf(route);
                    var hostHeader = HostOf(listener.Hostname) ?? route.Hostnames.Select(HostOf).FirstOrDefault(h => h is not null);
                    var port = bind.Port.ToString(CultureInfo.InvariantCulture);
                    list.Add(new AdminRouteInfo(
                        GatewaySnapshotBuilder.RouteKey(bind.Port, listenerName, routeName),
                        bind.Port,
                        listenerName,
                        routeName,
                        path,
                        path is null ? null : $"{(listener.Tls is null ? "http" : "https")}://{hostHeader ?? clientHost}:{port}{path}",
                        hostHeader,
                        listener.Policies?.McpAuthentication is not null || listener.Policies?.JwtAuth is not null
                            || route.Policies?.McpAuthentication is not null || route.Policies?.JwtAuth is not null,
                        [.. route.Backends.Where(b => b.Mcp is not null).SelectMany(b => b.Mcp!.Targets).Select(t => t.Name)],
                        listener.Tls is not null));
                }
            }
        }

        return list;
    }

    /// <summary>The route of <paramref name="key"/>, or null.</summary>
    public static AdminRouteInfo? Find(GatewayConfig config, string key) =>
        List(config, "127.0.0.1").FirstOrDefault(r => string.Equals(r.Key, key, StringComparison.Ordinal));

    private static string? PathOf(RouteConfig route)
    {
        if (route.Matches.Count == 0)
        {
            return DefaultMcpPath;
        }

        foreach (var match in route.Matches)
        {
            switch (match.Path)
            {
                case null:
                    return DefaultMcpPath;
                case { Exact: { } exact }:
                    return exact;
                case { PathPrefix: { } prefix }:
                    return prefix == "/" ? DefaultMcpPath : prefix;
            }
        }

        return null;
    }

    /// <summary>A host name requests can carry: an exact one as is, a wildcard one with a made-up first label.</summary>
    private static string? HostOf(string? hostname) => hostname switch
    {
        null or "" or "*" => null,
        _ when hostname.StartsWith("*.", StringComparison.Ordinal) => "playground" + hostname[1..],
        _ => hostname,
    };
}
