using AgentGateway.Config.Model;
using AgentGateway.Security.Authentication;

namespace AgentGateway.Proxy.Authentication;

/// <summary>A route's compiled authentication policy (<c>mcpAuthentication</c> or <c>jwtAuth</c>). Immutable.</summary>
internal sealed class RouteAuthentication
{
    public RouteAuthentication(
        AuthenticationPolicyKind kind,
        AuthenticationMode mode,
        TokenLocation location,
        JwtValidator validator,
        McpAuthenticationConfig? mcp,
        IdentityProviderKind provider)
    {
        Kind = kind;
        Mode = mode;
        Location = location;
        Validator = validator;
        Mcp = mcp;
        Provider = provider;
        if (mcp?.ResourceMetadata?.ScopesSupported is { Count: > 0 } scopes)
        {
            ScopeHint = string.Join(' ', scopes);
        }
    }

    /// <summary>Which policy this is.</summary>
    public AuthenticationPolicyKind Kind { get; }

    /// <summary>Strict, optional or permissive.</summary>
    public AuthenticationMode Mode { get; }

    /// <summary>Where the token is read.</summary>
    public TokenLocation Location { get; }

    /// <summary>Checks tokens (shared JWKS, cached validations).</summary>
    public JwtValidator Validator { get; }

    /// <summary>The <c>mcpAuthentication</c> settings (issuer, audiences, resource metadata); null for <c>jwtAuth</c>.</summary>
    public McpAuthenticationConfig? Mcp { get; }

    /// <summary>The identity provider, for provider-specific metadata.</summary>
    public IdentityProviderKind Provider { get; }

    /// <summary>The <c>scope</c> of the 401 challenge (the configured <c>scopesSupported</c>), or null.</summary>
    public string? ScopeHint { get; }

    /// <summary>Whether the gateway serves the provider's authorization-server metadata (Auth0 and Okta need <c>audience=</c>).</summary>
    public bool ProxiesAuthorizationServerMetadata => Provider is IdentityProviderKind.Auth0 or IdentityProviderKind.Okta;
}
