using AgentGateway.Mcp;
using AgentGateway.Proxy.Authentication;
using AgentGateway.Proxy.Cors;
using AgentGateway.Proxy.Headers;
using AgentGateway.Proxy.RateLimiting;
using AgentGateway.Proxy.Forwarding;
using AgentGateway.Proxy.Routing;
using AgentGateway.Security.Authorization;

namespace AgentGateway.Proxy.State;

/// <summary>
/// A compiled route; replaced in its entirety when its configuration changes. It serves requests in exactly one way:
/// an MCP backend (<see cref="Mcp"/>), plain HTTP backends (<see cref="Http"/>), or a fixed answer (<see cref="DirectResponse"/>).
/// </summary>
internal sealed class RouteModel
{
    public RouteModel(string name, string key, HostMatcher hosts, IReadOnlyList<RequestMatcher> matches, McpBackendModel backend,
        RouteAuthentication? authentication = null, AuthorizationRuleSet? authorization = null, AuthorizationRuleSet? mcpAuthorization = null,
        CorsPolicy? cors = null)
        : this(name, key, hosts, matches, backend, null, null, authentication, authorization, mcpAuthorization, cors)
    {
    }

    public RouteModel(string name, string key, HostMatcher hosts, IReadOnlyList<RequestMatcher> matches,
        McpBackendModel? mcp, HttpBackendModel? http, DirectResponseModel? directResponse,
        RouteAuthentication? authentication = null, AuthorizationRuleSet? authorization = null, AuthorizationRuleSet? mcpAuthorization = null,
        CorsPolicy? cors = null, string? tlsKey = null, LocalRateLimitPolicy? rateLimit = null, HeaderModifier? requestHeaders = null,
        HeaderModifier? responseHeaders = null)
    {
        if ((mcp is null ? 0 : 1) + (http is null ? 0 : 1) + (directResponse is null ? 0 : 1) != 1)
        {
            throw new ArgumentException($"route '{key}' needs exactly one of an MCP backend, HTTP backends or a direct response");
        }

        Name = name;
        Key = key;
        Hosts = hosts;
        Matches = matches;
        Mcp = mcp;
        Http = http;
        DirectResponse = directResponse;
        Authentication = authentication;
        Authorization = authorization;
        McpAuthorization = mcpAuthorization;
        Cors = cors;
        TlsKey = tlsKey;
        RateLimit = rateLimit;
        RequestHeaders = requestHeaders;
        ResponseHeaders = responseHeaders;
    }

    /// <summary>Name, for logs and metrics.</summary>
    public string Name { get; }

    /// <summary>Unique key: <c>port/listener/route</c>.</summary>
    public string Key { get; }

    /// <summary>The host names the route matches.</summary>
    public HostMatcher Hosts { get; }

    /// <summary>Request matches; any one selects the route. Empty means every request.</summary>
    public IReadOnlyList<RequestMatcher> Matches { get; }

    /// <summary>The MCP backend, when the route serves MCP.</summary>
    public McpBackendModel? Mcp { get; }

    /// <summary>The plain HTTP backends, when the route forwards HTTP.</summary>
    public HttpBackendModel? Http { get; }

    /// <summary>The fixed answer, when the route has <c>directResponse</c>.</summary>
    public DirectResponseModel? DirectResponse { get; }

    /// <summary>The route's authentication policy (its own, or its listener's), or null when requests are not authenticated.</summary>
    public RouteAuthentication? Authentication { get; }

    /// <summary>The <c>authorization</c> rules of the route and its listener, or null: a request they deny gets 403.</summary>
    public AuthorizationRuleSet? Authorization { get; }

    /// <summary>The <c>mcpAuthorization</c> rules of the route and its listener, or null: applied per tool, prompt and resource.</summary>
    public AuthorizationRuleSet? McpAuthorization { get; }

    /// <summary>The route's CORS policy (its own, or its listener's), or null.</summary>
    public CorsPolicy? Cors { get; }

    /// <summary>The <see cref="Security.Tls.ServerTlsSettings.Key"/> of its listener, or null on a plain HTTP listener.</summary>
    public string? TlsKey { get; }

    /// <summary>The route's <c>localRateLimit</c> (its own, or its listener's, shared by the listener's routes), or null.</summary>
    public LocalRateLimitPolicy? RateLimit { get; }

    /// <summary>The route's <c>requestHeaderModifier</c> (its own, or its listener's), or null.</summary>
    public HeaderModifier? RequestHeaders { get; }

    /// <summary>The route's <c>responseHeaderModifier</c> (its own, or its listener's), or null.</summary>
    public HeaderModifier? ResponseHeaders { get; }
}
