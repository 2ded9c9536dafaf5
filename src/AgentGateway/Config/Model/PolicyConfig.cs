namespace AgentGateway.Config.Model;

/// <summary>Policies attached to a listener, a route or the <c>mcp:</c> shortcut. A route's policy replaces its listener's of the same kind.</summary>
/// <remarks>
/// A policy key this version does not enforce yet is refused by the loader, by name: a gateway that skipped a
/// security policy would be worse than one that refuses to start.
/// </remarks>
public sealed record PolicyConfig
{
    /// <summary>Cross-origin requests from browsers; runs before authentication. A route's replaces its listener's.</summary>
    public CorsConfig? Cors { get; init; }

    /// <summary>Time limits; a route's replaces its listener's.</summary>
    public TimeoutConfig? Timeout { get; init; }

    /// <summary>MCP OAuth resource server: bearer JWTs plus protected-resource metadata.</summary>
    public McpAuthenticationConfig? McpAuthentication { get; init; }

    /// <summary>Generic JWT authentication.</summary>
    public JwtAuthConfig? JwtAuth { get; init; }

    /// <summary>CEL rules over the whole request (claims, headers, source); a denied request gets 403. Listener and route rules both apply.</summary>
    public AuthorizationConfig? Authorization { get; init; }

    /// <summary>The credential sent to HTTP MCP targets and plain HTTP backends. On a target, a backend, a route or a listener; the most specific wins.</summary>
    public BackendAuthConfig? BackendAuth { get; init; }

    /// <summary>TLS to HTTP MCP targets (trusted CA, name, client certificate). On a target, a backend, a route or a listener; the most specific wins.</summary>
    public BackendTlsConfig? BackendTLS { get; init; }

    /// <summary>CEL rules per MCP tool, prompt and resource: lists are filtered, and a denied call is answered as an unknown tool.</summary>
    public AuthorizationConfig? McpAuthorization { get; init; }

    /// <summary>Token buckets, each with an optional CEL key (per caller, per tool); every rule must have a token. Runs after authorization. A route's replaces its listener's.</summary>
    public IReadOnlyList<LocalRateLimitConfig>? LocalRateLimit { get; init; }

    /// <summary>Edits of the request's headers, after authentication and before authorization rules see them; on an HTTP MCP target, of the requests sent to it. A route's replaces its listener's.</summary>
    public HeaderModifierConfig? RequestHeaderModifier { get; init; }

    /// <summary>Edits of the headers of every response of the route, errors included. A route's replaces its listener's.</summary>
    public HeaderModifierConfig? ResponseHeaderModifier { get; init; }
    /// <summary>Retries of idempotent requests without a body to plain HTTP backends. On a listener or a route; a route's replaces its listener's.</summary>
    public RetryConfig? Retry { get; init; }

    /// <summary>Answers the route's requests from the gateway, without a backend. Route only.</summary>
    public DirectResponseConfig? DirectResponse { get; init; }

    /// <summary>Rewrites the path or authority of requests forwarded to plain HTTP backends. Route only.</summary>
    public UrlRewriteConfig? UrlRewrite { get; init; }

    /// <summary>The route's HTTP backends are A2A agents: agent cards are rewritten to point at the gateway, calls are logged by method. Route only.</summary>
    public A2aConfig? A2a { get; init; }
}
