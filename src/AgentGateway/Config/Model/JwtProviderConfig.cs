namespace AgentGateway.Config.Model;

/// <summary>One token issuer of a <see cref="JwtAuthConfig"/> with several providers.</summary>
public sealed record JwtProviderConfig
{
    /// <summary>The exact <c>iss</c> of the tokens. Required.</summary>
    public string Issuer { get; init; } = "";

    /// <summary>Accepted audiences. Optional: when empty, <c>aud</c> is not checked.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>The signing keys. Required.</summary>
    public JwksSourceConfig? Jwks { get; init; }

    /// <summary>Required claims and clock skew. Optional.</summary>
    public JwtValidationOptionsConfig? JwtValidationOptions { get; init; }
}
