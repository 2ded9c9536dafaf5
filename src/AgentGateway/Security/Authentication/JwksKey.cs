using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace AgentGateway.Security.Authentication;

/// <summary>One usable public signing key of a JWKS, ready to verify signatures. Immutable apart from its provider cache.</summary>
/// <remarks>
/// Only the public parameters (<c>n</c>/<c>e</c>, <c>crv</c>/<c>x</c>/<c>y</c>) are taken from the JWK; <c>x5c</c>, private
/// members and anything else are ignored. Verification is Microsoft.IdentityModel's
/// (<see cref="CryptoProviderFactory.CreateForVerifying(SecurityKey, string)"/>), one
/// <see cref="SignatureProvider"/> per algorithm created on first use and kept with the key (they are thread-safe:
/// each pools its own crypto adapters).
/// </remarks>
internal sealed class JwksKey
{
    private readonly SecurityKey _securityKey;
    private readonly CryptoProviderFactory _cryptoProviderFactory;
    private readonly SignatureProvider?[] _providers = new SignatureProvider?[JwtAlgorithms.Count];

    /// <summary>Creates a key. <paramref name="securityKey"/> must hold public material only.</summary>
    public JwksKey(string? keyId, JwksKeyType keyType, string? curve, JwtAlgorithm? algorithm, int keySizeInBits, SecurityKey securityKey, CryptoProviderFactory cryptoProviderFactory)
    {
        KeyId = keyId;
        KeyType = keyType;
        Curve = curve;
        Algorithm = algorithm;
        KeySizeInBits = keySizeInBits;
        _securityKey = securityKey;
        _cryptoProviderFactory = cryptoProviderFactory;
    }

    /// <summary>The JWK <c>kid</c>, if it has one.</summary>
    public string? KeyId { get; }

    /// <summary>The JWK <c>kty</c>.</summary>
    public JwksKeyType KeyType { get; }

    /// <summary>The JWK <c>crv</c> for EC keys (<c>P-256</c>, <c>P-384</c>, <c>P-521</c>).</summary>
    public string? Curve { get; }

    /// <summary>The JWK <c>alg</c>, if it has one: then it is the only algorithm this key verifies.</summary>
    public JwtAlgorithm? Algorithm { get; }

    /// <summary>RSA modulus size or EC field size, in bits.</summary>
    public int KeySizeInBits { get; }

    /// <summary>
    /// Whether this key may verify <paramref name="algorithm"/>: the key type decides the family (RSA → RS*/PS*,
    /// EC → ES* on the key's curve), and the JWK's own <c>alg</c>, when present, must be exactly it.
    /// </summary>
    public bool Fits(JwtAlgorithm algorithm) =>
        JwtAlgorithms.KeyType(algorithm) == KeyType
        && (KeyType != JwksKeyType.EllipticCurve || string.Equals(JwtAlgorithms.Curve(algorithm), Curve, StringComparison.Ordinal))
        && (Algorithm is null || Algorithm == algorithm);

    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="input"/>. Any crypto failure counts as a bad signature.
    /// The caller has checked <see cref="Fits"/>.
    /// </summary>
    public bool Verify(JwtAlgorithm algorithm, byte[] input, int inputLength, byte[] signature, int signatureLength)
    {
        // Length checks the crypto layer would also make, done here so a wrong length can never reach it:
        // RSA signatures are exactly the modulus size, ECDSA ones exactly 2 × the field size (r‖s).
        var expected = KeyType == JwksKeyType.Rsa ? (KeySizeInBits + 7) / 8 : JwtAlgorithms.EcSignatureLength(algorithm);
        if (signatureLength != expected)
        {
            return false;
        }

        try
        {
            return GetProvider(algorithm).Verify(input, 0, inputLength, signature, 0, signatureLength);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            return false;
        }
    }

    private SignatureProvider GetProvider(JwtAlgorithm algorithm)
    {
        ref var slot = ref _providers[(int)algorithm];
        var provider = Volatile.Read(ref slot);
        if (provider is not null)
        {
            return provider;
        }

        var created = _cryptoProviderFactory.CreateForVerifying(_securityKey, JwtAlgorithms.Name(algorithm));
        var existing = Interlocked.CompareExchange(ref slot, created, null);
        if (existing is null)
        {
            return created;
        }

        created.Dispose();
        return existing;
    }
}
