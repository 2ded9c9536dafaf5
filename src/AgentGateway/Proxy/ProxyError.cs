namespace AgentGateway.Proxy;

/// <summary>Why the data plane refused a request, or could not get a backend's answer.</summary>
internal enum ProxyError
{
    /// <summary>No listener or route matches the request.</summary>
    NoRoute,

    /// <summary>The path is an OAuth discovery document and no authentication policy publishes one.</summary>
    WellKnownNotFound,

    /// <summary>The request's host belongs to an HTTPS listener other than the one its connection's handshake was made for.</summary>
    MisdirectedRequest,

    /// <summary>A discovery document was asked with a method other than GET.</summary>
    WellKnownMethodNotAllowed,

    /// <summary>The identity provider's metadata, which the gateway serves rewritten, could not be fetched.</summary>
    AuthorizationServerUnavailable,

    /// <summary>A plain HTTP backend could not be reached, or failed before its response began (connection refused or reset).</summary>
    UpstreamUnavailable,

    /// <summary>A plain HTTP backend did not send its response headers within the route's <c>timeout</c> (or went silent).</summary>
    UpstreamTimeout,

    /// <summary>An A2A agent card was larger than the gateway rewrites.</summary>
    AgentCardTooLarge,
}
