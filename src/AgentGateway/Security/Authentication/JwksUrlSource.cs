namespace AgentGateway.Security.Authentication;

/// <summary>Keys fetched over HTTP(S) from a JWKS URL (e.g. <c>https://tenant.auth0.com/.well-known/jwks.json</c>).</summary>
/// <param name="Url">The absolute <c>http</c> or <c>https</c> URL of the key set, from configuration only (never from a token).</param>
internal sealed record JwksUrlSource(Uri Url) : JwksSourceSettings
{
    /// <inheritdoc />
    public override string Describe() =>
        Url.IsAbsoluteUri ? Url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : "(relative URL)";
}
