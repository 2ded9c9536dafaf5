using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>The JWKS URL an identity provider publishes for an issuer, for <c>mcpAuthentication</c> without <c>jwks</c>.</summary>
/// <remarks>Derived from the configured issuer only, never from a token's <c>iss</c> (that would let a token choose where the gateway fetches keys).</remarks>
internal static class JwksLocations
{
    /// <summary>The derived JWKS URL, or null with <paramref name="error"/> saying why it cannot be derived.</summary>
    public static Uri? Derive(string issuer, IdentityProviderConfig? provider, out string? error)
    {
        error = null;
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri) || issuerUri.Scheme is not ("https" or "http"))
        {
            error = "the issuer is not an absolute http(s) URL, so the JWKS URL cannot be derived from it; set 'jwks'";
            return null;
        }

        var root = issuer.TrimEnd('/');
        if (provider?.Entra is not null)
        {
            // v2.0 issuers are https://login.microsoftonline.com/{tenant}/v2.0, v1.0 ones https://sts.windows.net/{tenant}/.
            var segments = issuerUri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 0 || issuerUri.Host is not ("login.microsoftonline.com" or "sts.windows.net"))
            {
                error = "the issuer is not an Entra ID issuer (https://login.microsoftonline.com/<tenant>/v2.0 or https://sts.windows.net/<tenant>/), so the JWKS URL cannot be derived; set 'jwks'";
                return null;
            }

            return new Uri($"https://login.microsoftonline.com/{Uri.EscapeDataString(segments[0])}/discovery/v2.0/keys");
        }

        var suffix = provider switch
        {
            { Keycloak: not null } => "/protocol/openid-connect/certs",
            { Okta: not null } => "/v1/keys",
            _ => "/.well-known/jwks.json",
        };
        return new Uri(root + suffix);
    }

    /// <summary>Whether fetching keys from <paramref name="url"/> is safe: https, or http to a loopback address.</summary>
    public static bool IsAllowedFetchUrl(Uri url) =>
        url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback);
}
