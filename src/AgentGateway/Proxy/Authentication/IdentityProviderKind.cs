namespace AgentGateway.Proxy.Authentication;

/// <summary>The identity provider named by <c>mcpAuthentication.provider</c>.</summary>
internal enum IdentityProviderKind
{
    /// <summary>Any issuer: the protected-resource metadata names it as the authorization server.</summary>
    None,

    /// <summary>Auth0: its metadata is served by the gateway, with <c>audience=</c> added to the authorize URL.</summary>
    Auth0,

    /// <summary>Keycloak.</summary>
    Keycloak,

    /// <summary>Okta: its metadata is served by the gateway, with <c>audience=</c> added to the authorize URL.</summary>
    Okta,

    /// <summary>Microsoft Entra ID.</summary>
    Entra,
}
