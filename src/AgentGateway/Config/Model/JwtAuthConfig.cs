namespace AgentGateway.Config.Model;

/// <summary>
/// Generic JWT authentication, for any route: either one issuer (<see cref="Issuer"/>, <see cref="Jwks"/>, …) or
/// several (<see cref="Providers"/>). Failures get a plain 401 without OAuth discovery.
/// </summary>
public sealed record JwtAuthConfig
{
    /// <summary>What happens without a valid token. Default <see cref="AuthenticationMode.Optional"/> (as the reference).</summary>
    public AuthenticationMode? Mode { get; init; }

    /// <summary>Where the token is. Default: <c>Authorization: Bearer</c>.</summary>
    public TokenLocationConfig? Location { get; init; }

    /// <summary>The exact <c>iss</c> of the tokens (single-provider form).</summary>
    public string? Issuer { get; init; }

    /// <summary>Accepted audiences (single-provider form). Optional.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>The signing keys (single-provider form).</summary>
    public JwksSourceConfig? Jwks { get; init; }

    /// <summary>Required claims and clock skew (single-provider form).</summary>
    public JwtValidationOptionsConfig? JwtValidationOptions { get; init; }

    /// <summary>Several issuers; a token is checked against the one whose issuer it names.</summary>
    public IReadOnlyList<JwtProviderConfig>? Providers { get; init; }
}
