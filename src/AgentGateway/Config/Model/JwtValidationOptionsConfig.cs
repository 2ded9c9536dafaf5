namespace AgentGateway.Config.Model;

/// <summary>Token checks beyond issuer, audience and signature.</summary>
public sealed record JwtValidationOptionsConfig
{
    /// <summary>Claims a token must have. Default <c>[exp]</c>; allowed: <c>exp</c>, <c>nbf</c>, <c>iat</c>, <c>iss</c>, <c>aud</c>, <c>sub</c>, <c>jti</c>. An empty list requires none.</summary>
    public IReadOnlyList<string>? RequiredClaims { get; init; }

    /// <summary>Tolerance for clock differences when checking <c>exp</c> and <c>nbf</c>. Default 30 s, at most 5 m.</summary>
    public TimeSpan? ClockSkew { get; init; }
}
