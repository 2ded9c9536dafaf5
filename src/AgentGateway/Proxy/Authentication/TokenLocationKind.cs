namespace AgentGateway.Proxy.Authentication;

/// <summary>Where a token is read from.</summary>
internal enum TokenLocationKind
{
    /// <summary>A header, optionally after a scheme (<c>Authorization: Bearer …</c>).</summary>
    Header,

    /// <summary>A query parameter.</summary>
    QueryParameter,

    /// <summary>A cookie.</summary>
    Cookie,
}
