using AgentGateway.Config.Model;
using AgentGateway.Config.Validation;
using AgentGateway.Security.Authentication;

namespace AgentGateway.Proxy.Authentication;

/// <summary>
/// Compiles a route's effective authentication policy (the route's own, else its listener's) into a
/// <see cref="RouteAuthentication"/>. Key sources are shared through the <see cref="JwksProviderRegistry"/>, so routes
/// and configuration reloads that name the same JWKS share its fetches and cache.
/// </summary>
internal sealed class RouteAuthenticationCompiler(JwksProviderRegistry registry, TimeProvider timeProvider, ILoggerFactory loggerFactory)
{
    /// <summary>Default clock skew for <c>exp</c>/<c>nbf</c>.</summary>
    public static readonly TimeSpan DefaultClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>The policy of a route, or null when neither the route nor its listener authenticates.</summary>
    /// <param name="listener">The listener's policies.</param>
    /// <param name="route">The route's policies.</param>
    /// <param name="sourceName">The configuration file, against which relative JWKS file paths are resolved.</param>
    public RouteAuthentication? Compile(PolicyConfig? listener, PolicyConfig? route, string? sourceName)
    {
        var policies = route?.McpAuthentication is not null || route?.JwtAuth is not null ? route : listener;
        if (policies?.McpAuthentication is { } mcp)
        {
            var settings = Provider(mcp.Issuer, mcp.Audiences, mcp.Jwks, mcp.JwtValidationOptions, sourceName,
                mcp.Jwks is null ? JwksLocations.Derive(mcp.Issuer, mcp.Provider, out _) : null);
            return new RouteAuthentication(
                AuthenticationPolicyKind.Mcp, mcp.Mode, TokenLocation.AuthorizationBearer, CreateValidator([settings]), mcp, ProviderKind(mcp.Provider));
        }

        if (policies?.JwtAuth is { } jwt)
        {
            var providers = jwt.Providers is { } list
                ? list.Select(p => Provider(p.Issuer, p.Audiences, p.Jwks, p.JwtValidationOptions, sourceName, null)).ToList()
                : [Provider(jwt.Issuer ?? "", jwt.Audiences, jwt.Jwks, jwt.JwtValidationOptions, sourceName, null)];
            return new RouteAuthentication(
                AuthenticationPolicyKind.Jwt, jwt.Mode ?? AuthenticationMode.Optional, Location(jwt.Location), CreateValidator(providers), null, IdentityProviderKind.None);
        }

        return null;
    }

    private JwtValidator CreateValidator(IReadOnlyList<JwtProviderSettings> providers) =>
        new([.. providers.Select(p => (p, registry.GetOrCreate(p.Jwks)))], timeProvider, loggerFactory.CreateLogger<JwtValidator>());

    private static JwtProviderSettings Provider(
        string issuer, IReadOnlyList<string> audiences, JwksSourceConfig? jwks, JwtValidationOptionsConfig? options, string? sourceName, Uri? derived)
    {
        JwksSourceSettings source = jwks switch
        {
            { Url: { } url } => new JwksUrlSource(new Uri(url)),
            { File: { } file } => new JwksFileSource(ConfigFilePaths.Resolve(sourceName, file)),
            { Inline: { } inline } => new JwksInlineSource(inline),
            _ => new JwksUrlSource(derived ?? throw new InvalidOperationException("no JWKS source (validation should have caught this)")),
        };
        return new JwtProviderSettings
        {
            Issuer = issuer,
            Audiences = audiences,
            Jwks = source,
            RequiredClaims = options?.RequiredClaims ?? ["exp"],
            ClockSkew = options?.ClockSkew ?? DefaultClockSkew,
        };
    }

    private static TokenLocation Location(TokenLocationConfig? location) => location switch
    {
        { Header: { } header } => new TokenLocation(TokenLocationKind.Header, header.Name, header.Prefix ?? "Bearer"),
        { QueryParameter: { } query } => new TokenLocation(TokenLocationKind.QueryParameter, query.Name, ""),
        { Cookie: { } cookie } => new TokenLocation(TokenLocationKind.Cookie, cookie.Name, ""),
        _ => TokenLocation.AuthorizationBearer,
    };

    private static IdentityProviderKind ProviderKind(IdentityProviderConfig? provider) => provider switch
    {
        { Auth0: not null } => IdentityProviderKind.Auth0,
        { Keycloak: not null } => IdentityProviderKind.Keycloak,
        { Okta: not null } => IdentityProviderKind.Okta,
        { Entra: not null } => IdentityProviderKind.Entra,
        _ => IdentityProviderKind.None,
    };
}
