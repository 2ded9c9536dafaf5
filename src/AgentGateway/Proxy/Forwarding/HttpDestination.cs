namespace AgentGateway.Proxy.Forwarding;

/// <summary>One plain HTTP backend of a route: where requests go, and its share of them.</summary>
/// <param name="Address">The configured <c>host:port</c>, for logs.</param>
/// <param name="Prefix">The URL prefix requests are sent to: <c>http://host:port</c>.</param>
/// <param name="Weight">Its load-balancing weight (0 = out of rotation).</param>
internal sealed record HttpDestination(string Address, string Prefix, int Weight);
