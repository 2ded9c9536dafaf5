namespace AgentGateway.Security.Authentication;

/// <summary>The compiled settings of one token issuer (one entry of a <c>jwtAuth</c> policy's providers).</summary>
internal sealed record JwtProviderSettings
{
    /// <summary>Claims that <see cref="RequiredClaims"/> may name.</summary>
    public static IReadOnlyList<string> SupportedRequiredClaims { get; } = ["exp", "nbf", "iat", "iss", "aud", "sub", "jti"];

    /// <summary>
    /// The token's <c>iss</c> must equal this, ordinal and exact: <c>https://t.auth0.com/</c> (Auth0 puts a
    /// trailing slash) is not <c>https://t.auth0.com</c>. Required.
    /// </summary>
    public required string Issuer { get; init; }

    /// <summary>
    /// The token's <c>aud</c> (a string or an array of strings) must contain at least one of these, compared ordinal
    /// and exact (no scheme or trailing-slash normalisation). Empty (the default): the audience is not checked,
    /// although a present <c>aud</c> must still be well typed.
    /// </summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>Where the issuer's signing keys come from. Required.</summary>
    public required JwksSourceSettings Jwks { get; init; }

    /// <summary>
    /// Claims that must be present (and not <c>null</c>). Default <c>["exp"]</c>. Any of
    /// <see cref="SupportedRequiredClaims"/>; empty is allowed (then a token without <c>exp</c> never expires).
    /// </summary>
    public IReadOnlyList<string> RequiredClaims { get; init; } = ["exp"];

    /// <summary>Tolerance applied to <c>exp</c> and <c>nbf</c>. Default 30 s.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Accepted <c>alg</c> values, a subset of RS256/384/512, PS256/384/512, ES256/384/512. <see langword="null"/>
    /// (the default): every one of those, each still only with a key of the fitting type. <c>none</c>, HMAC
    /// (<c>HS*</c>) and <c>EdDSA</c> are never accepted.
    /// </summary>
    public IReadOnlyList<string>? Algorithms { get; init; }
}
