namespace AgentGateway.Admin;

/// <summary>One route of the configuration in force, as <c>GET /routes</c> lists it for the web UI's playground.</summary>
/// <param name="Key">The route's key, <c>port/listener/route</c> (as in logs, metrics and <c>/sessions</c>).</param>
/// <param name="Port">The bind's port.</param>
/// <param name="Listener">The listener's name.</param>
/// <param name="Route">The route's name.</param>
/// <param name="Path">A path the route serves (its first exact or prefix match; <c>/mcp</c> for a catch-all), or null when it matches paths by regular expression only.</param>
/// <param name="Url">The route's MCP endpoint for a client on this host (null without <see cref="Path"/>).</param>
/// <param name="HostHeader">The host name requests must carry to reach the route (an exact listener or route host name), or null for any.</param>
/// <param name="Authenticated">Whether the route asks for a token (<c>mcpAuthentication</c> or <c>jwtAuth</c> on it or its listener).</param>
/// <param name="Targets">The names of the route's MCP targets.</param>
/// <param name="Tls">Whether the route's listener is HTTPS (the playground relays to plain HTTP listeners only).</param>
internal sealed record AdminRouteInfo(
    string Key, int Port, string Listener, string Route, string? Path, string? Url, string? HostHeader, bool Authenticated, IReadOnlyList<string> Targets,
    bool Tls);
