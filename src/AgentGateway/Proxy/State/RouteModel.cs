using AgentGateway.Mcp;
using AgentGateway.Proxy.Authentication;
using AgentGateway.Proxy.Cors;
using AgentGateway.Proxy.Headers;
using AgentGateway.Proxy.RateLimiting;
using AgentGateway.Proxy.Routing;
using AgentGateway.Security.Authorization;

namespace AgentGateway.Proxy.State;

/// <summary>A compiled route; replaced in its entirety when its configuration changes.</summary>
internal sealed class RouteModel(string name, string key, HostMatcher hosts, IReadOnlyList<RequestMatcher> matches, McpBackendModel backend,
    RouteAuthentication? authentication = null, AuthorizationRuleSet? authorization = null, AuthorizationRuleSet? mcpAuthorization = null,
    CorsPolicy? cors = null, string? tlsKey = null, LocalRateLimitPolicy? rateLimit = null, HeaderModifier? requestHeaders = null,
    HeaderModifier? responseHeaders = null)
{
    /// <summary>Name, for logs and metrics.</summary>
    public string Name { get; } = name;

    /// <summary>Unique key: <c>port/listener/route</c>.</summary>
    public string Key { get; } = key;

    /// <summary>The host names the route matches.</summary>
    public HostMatcher Hosts { get; } = hosts;

    /// <summary>Request matches; any one selects the route. Empty means every request.</summary>
    public IReadOnlyList<RequestMatcher> Matches { get; } = matches;

    /// <summary>The MCP backend.</summary>
    public McpBackendModel Backend { get; } = backend;

    /// <summary>The route's authentication policy (its own, or its listener's), or null when requests are not authenticated.</summary>
    public RouteAuthentication? Authentication { get; } = authentication;

    /// <summary>The <c>authorization</c> rules of the route and its listener, or null: a request they deny gets 403.</summary>
    public AuthorizationRuleSet? Authorization { get; } = authorization;

    /// <summary>The <c>mcpAuthorization</c> rules of the route and its listener, or null: applied per tool, prompt and resource.</summary>
    public AuthorizationRuleSet? McpAuthorization { get; } = mcpAuthorization;

    /// <summary>The route's CORS policy (its own, or its listener's), or null.</summary>
    public CorsPolicy? Cors { get; } = cors;

    /// <summary>The <see cref="Security.Tls.ServerTlsSettings.Key"/> of its listener, or null on a plain HTTP listener.</summary>
    public string? TlsKey { get; } = tlsKey;

    /// <summary>The route's <c>localRateLimit</c> (its own, or its listener's, shared by the listener's routes), or null.</summary>
    public LocalRateLimitPolicy? RateLimit { get; } = rateLimit;

    /// <summary>The route's <c>requestHeaderModifier</c> (its own, or its listener's), or null.</summary>
    public HeaderModifier? RequestHeaders { get; } = requestHeaders;

    /// <summary>The route's <c>responseHeaderModifier</c> (its own, or its listener's), or null.</summary>
    public HeaderModifier? ResponseHeaders { get; } = responseHeaders;
}
