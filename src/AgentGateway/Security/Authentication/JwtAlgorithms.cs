namespace AgentGateway.Security.Authentication;

/// <summary>Names, key types and curves of the <see cref="JwtAlgorithm"/>s.</summary>
internal static class JwtAlgorithms
{
    /// <summary>Number of <see cref="JwtAlgorithm"/> values (for arrays indexed by algorithm).</summary>
    public const int Count = 9;

    /// <summary>A set containing every supported algorithm.</summary>
    public const int AllMask = (1 << Count) - 1;

    private static readonly string[] s_names = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    /// <summary>The JOSE name (<c>RS256</c> …).</summary>
    public static string Name(JwtAlgorithm algorithm) => s_names[(int)algorithm];

    /// <summary>Parses a JOSE name, case-sensitively (RFC 7515: <c>alg</c> values are case-sensitive).</summary>
    public static bool TryParse(string? name, out JwtAlgorithm algorithm)
    {
        var index = name is null ? -1 : Array.IndexOf(s_names, name);
        algorithm = (JwtAlgorithm)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>The bit of <paramref name="algorithm"/> in an algorithm set.</summary>
    public static int Bit(JwtAlgorithm algorithm) => 1 << (int)algorithm;

    /// <summary>The key type that verifies <paramref name="algorithm"/>.</summary>
    public static JwksKeyType KeyType(JwtAlgorithm algorithm) =>
        algorithm >= JwtAlgorithm.ES256 ? JwksKeyType.EllipticCurve : JwksKeyType.Rsa;

    /// <summary>The curve (JWK <c>crv</c>) of an ES* algorithm, <see langword="null"/> for RSA algorithms.</summary>
    public static string? Curve(JwtAlgorithm algorithm) => algorithm switch
    {
        JwtAlgorithm.ES256 => "P-256",
        JwtAlgorithm.ES384 => "P-384",
        JwtAlgorithm.ES512 => "P-521",
        _ => null,
    };

    /// <summary>The exact signature length (r‖s, RFC 7518 §3.4) of an ES* algorithm; 0 for RSA (that depends on the key).</summary>
    public static int EcSignatureLength(JwtAlgorithm algorithm) => algorithm switch
    {
        JwtAlgorithm.ES256 => 64,
        JwtAlgorithm.ES384 => 96,
        JwtAlgorithm.ES512 => 132,
        _ => 0,
    };

    /// <summary>
    /// Compiles an allow-list into a set. <see langword="null"/> means every supported algorithm.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not supported (<c>none</c>, <c>HS*</c>, <c>EdDSA</c>, unknown) or the list is empty.</exception>
    public static int ToMask(IReadOnlyList<string>? names)
    {
        if (names is null)
        {
            return AllMask;
        }

        var mask = 0;
        foreach (var name in names)
        {
            if (!TryParse(name, out var algorithm))
            {
                throw new ArgumentException(
                    $"JWT algorithm '{name}' is not supported; use RS256/384/512, PS256/384/512 or ES256/384/512 " +
                    "('none' and HMAC are never accepted, EdDSA cannot be verified by the JWT library in use).", nameof(names));
            }

            mask |= Bit(algorithm);
        }

        return mask != 0 ? mask : throw new ArgumentException("The JWT algorithm list is empty; omit it to accept every supported algorithm.", nameof(names));
    }
}
