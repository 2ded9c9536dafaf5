using AgentGateway.Proxy.Routing;
using AgentGateway.Security.Tls;

namespace AgentGateway.Proxy.State;

/// <summary>A compiled listener.</summary>
internal sealed class ListenerModel
{
    public ListenerModel(string name, HostMatcher host, IReadOnlyList<RouteModel> routes, ServerTlsSettings? tls = null)
    {
        Name = name;
        Tls = tls;
        Host = host;
        Routes = routes;

        // Every (route, match) pair, most specific first: route host names, then the match itself (Gateway API
        // precedence), then declaration order. Selecting per pair, not per route, means a route's catch-all match
        // never shadows another route's more specific one.
        var order = 0;
        Candidates = [.. routes
            .SelectMany(r => (r.Matches.Count == 0 ? [RequestMatcher.Default] : r.Matches).Select(m => (Route: r, Match: m, Order: order++)))
            .OrderByDescending(c => c.Route.Hosts.Specificity)
            .ThenByDescending(c => c.Match.Specificity)
            .ThenBy(c => c.Order)
            .Select(c => (c.Route, c.Match))];
    }

    /// <summary>Name, for logs and metrics.</summary>
    public string Name { get; }

    /// <summary>The host names it answers.</summary>
    public HostMatcher Host { get; }

    /// <summary>The listener's TLS settings, or null for plain HTTP.</summary>
    public ServerTlsSettings? Tls { get; }

    /// <summary>Routes in declaration order.</summary>
    public IReadOnlyList<RouteModel> Routes { get; }

    /// <summary>Route matches in the order they are tried.</summary>
    public IReadOnlyList<(RouteModel Route, RequestMatcher Match)> Candidates { get; }
}
