namespace AgentGateway.Config.Model;

/// <summary>
/// The MCP OAuth resource-server role: validates bearer tokens (JWTs) and publishes the protected-resource metadata
/// that tells MCP clients where to get one.
/// </summary>
public sealed record McpAuthenticationConfig
{
    /// <summary>What happens without a valid token. Default <see cref="AuthenticationMode.Strict"/>.</summary>
    public AuthenticationMode Mode { get; init; } = AuthenticationMode.Strict;

    /// <summary>The exact <c>iss</c> of the tokens (Auth0's ends with <c>/</c>). Required; an absolute URL.</summary>
    public string Issuer { get; init; } = "";

    /// <summary>Accepted audiences: a token's <c>aud</c> must contain one of them. At least one is required.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>The signing keys. Optional when <see cref="Provider"/> is set or the issuer serves <c>/.well-known/jwks.json</c>.</summary>
    public JwksSourceConfig? Jwks { get; init; }

    /// <summary>The identity provider, for provider-specific handling. Optional.</summary>
    public IdentityProviderConfig? Provider { get; init; }

    /// <summary>Fields of the protected-resource metadata document. Optional.</summary>
    public ResourceMetadataConfig? ResourceMetadata { get; init; }

    /// <summary>Required claims and clock skew. Optional.</summary>
    public JwtValidationOptionsConfig? JwtValidationOptions { get; init; }
}
