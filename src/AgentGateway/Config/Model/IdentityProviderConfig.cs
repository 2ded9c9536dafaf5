namespace AgentGateway.Config.Model;

/// <summary>
/// The identity provider that issues the tokens, when it needs special handling: the JWKS URL is derived from the
/// issuer, and for Auth0 and Okta the gateway serves the provider's authorization-server metadata with the
/// <c>audience</c> parameter those providers need. Exactly one may be set.
/// </summary>
public sealed record IdentityProviderConfig
{
    /// <summary>Auth0: JWKS at <c>{issuer}.well-known/jwks.json</c>; metadata proxied with <c>audience=</c> added.</summary>
    public EmptyConfig? Auth0 { get; init; }

    /// <summary>Keycloak: JWKS at <c>{issuer}/protocol/openid-connect/certs</c>.</summary>
    public EmptyConfig? Keycloak { get; init; }

    /// <summary>Okta (custom authorization server): JWKS at <c>{issuer}/v1/keys</c>; metadata proxied with <c>audience=</c> added.</summary>
    public EmptyConfig? Okta { get; init; }

    /// <summary>Microsoft Entra ID: JWKS at <c>https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys</c>.</summary>
    public EmptyConfig? Entra { get; init; }
}
