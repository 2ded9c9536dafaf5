namespace AgentGateway.Security.Authentication;

/// <summary>Limits of a <see cref="JwtValidator"/> that apply before the issuer is known.</summary>
internal sealed record JwtValidatorOptions
{
    /// <summary>
    /// Longest accepted token, in characters (tokens are ASCII). Checked first, before any decoding. Default 16 KiB;
    /// real access tokens are 0.7–4 KiB (IdentityModel allows 250 KB, which only helps an attacker).
    /// </summary>
    public int MaxTokenLength { get; init; } = 16 * 1024;

    /// <summary>Most successful validations remembered (<see cref="JwtValidationCache"/>). Default 10,000; 0 turns the cache off.</summary>
    public int CacheCapacity { get; init; } = 10_000;
}
