namespace AgentGateway.Config.Model;

/// <summary>
/// Fields of the OAuth protected-resource metadata document (RFC 9728 §2) that the gateway serves at
/// <c>/.well-known/oauth-protected-resource[/path]</c>. Keys are written in camelCase and emitted in snake_case.
/// </summary>
public sealed record ResourceMetadataConfig
{
    /// <summary>The resource URL clients use (e.g. <c>https://mcp.example.com/mcp</c>). Default: the URL of the request.</summary>
    public string? Resource { get; init; }

    /// <summary>Authorization servers. Default: the issuer, or the gateway itself when a provider's metadata is proxied.</summary>
    public IReadOnlyList<string>? AuthorizationServers { get; init; }

    /// <summary>Scopes clients may request; also sent in the 401 challenge's <c>scope</c>.</summary>
    public IReadOnlyList<string>? ScopesSupported { get; init; }

    /// <summary>How tokens may be sent. Default <c>[header]</c>.</summary>
    public IReadOnlyList<string>? BearerMethodsSupported { get; init; }

    /// <summary>The resource's own JWKS URL (for signed responses).</summary>
    public string? JwksUri { get; init; }

    /// <summary>Signing algorithms of the resource.</summary>
    public IReadOnlyList<string>? ResourceSigningAlgValuesSupported { get; init; }

    /// <summary>Human-readable name.</summary>
    public string? ResourceName { get; init; }

    /// <summary>Developer documentation URL.</summary>
    public string? ResourceDocumentation { get; init; }

    /// <summary>Policy URL.</summary>
    public string? ResourcePolicyUri { get; init; }

    /// <summary>Terms of service URL.</summary>
    public string? ResourceTosUri { get; init; }

    /// <summary>Whether tokens must be bound to mutual-TLS client certificates.</summary>
    public bool? TlsClientCertificateBoundAccessTokens { get; init; }

    /// <summary>Authorization details types (RFC 9396).</summary>
    public IReadOnlyList<string>? AuthorizationDetailsTypesSupported { get; init; }

    /// <summary>DPoP signing algorithms (RFC 9449).</summary>
    public IReadOnlyList<string>? DpopSigningAlgValuesSupported { get; init; }

    /// <summary>Whether DPoP-bound tokens are required.</summary>
    public bool? DpopBoundAccessTokensRequired { get; init; }
}
