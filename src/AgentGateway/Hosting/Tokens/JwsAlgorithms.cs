namespace AgentGateway.Hosting.Tokens;

/// <summary>The JWS algorithms <c>keygen</c> and <c>token</c> know, and the key each one needs.</summary>
/// <remarks>
/// Asymmetric only: the gateway verifies with a public JWKS, and a shared HS256 secret would have to be configured
/// in the gateway as a secret. EdDSA is left out because Microsoft.IdentityModel cannot sign with it.
/// </remarks>
internal static class JwsAlgorithms
{
    /// <summary>The algorithm <c>keygen</c> uses when none is asked for (Auth0's default for new APIs).</summary>
    public const string Default = "RS256";

    /// <summary>What <c>keygen --alg</c> accepts.</summary>
    public static IReadOnlyList<string> Generated { get; } = ["RS256", "PS256", "ES256", "ES384"];

    /// <summary>What <c>token</c> signs with, from the key's <c>alg</c>.</summary>
    public static IReadOnlyList<string> Signing { get; } =
        ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    /// <summary>True for the RSA algorithms (RSASSA-PKCS1-v1_5 and RSASSA-PSS).</summary>
    public static bool IsRsa(string algorithm) => algorithm.StartsWith("RS", StringComparison.Ordinal) || algorithm.StartsWith("PS", StringComparison.Ordinal);

    /// <summary>The JWK curve (<c>crv</c>) an ECDSA algorithm needs, or null for a non-ECDSA algorithm.</summary>
    public static string? CurveOf(string algorithm) => algorithm switch
    {
        "ES256" => "P-256",
        "ES384" => "P-384",
        "ES512" => "P-521",
        _ => null,
    };

    /// <summary>The ECDSA algorithm for a JWK curve, or null for an unknown curve.</summary>
    public static string? AlgorithmOfCurve(string? curve) => curve switch
    {
        "P-256" => "ES256",
        "P-384" => "ES384",
        "P-521" => "ES512",
        _ => null,
    };

    /// <summary>Finds <paramref name="text"/> (any case) in <paramref name="known"/>; null when absent.</summary>
    public static string? Find(IReadOnlyList<string> known, string text)
    {
        foreach (var algorithm in known)
        {
            if (string.Equals(algorithm, text, StringComparison.OrdinalIgnoreCase))
            {
                return algorithm;
            }
        }

        return null;
    }
}
