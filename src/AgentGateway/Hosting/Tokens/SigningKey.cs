using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace AgentGateway.Hosting.Tokens;

/// <summary>A private key read from a JWK file, ready to sign with; owns the underlying RSA or ECDSA object.</summary>
internal sealed class SigningKey : IDisposable
{
    private readonly AsymmetricAlgorithm _key;

    /// <summary>Wraps <paramref name="key"/> (an <see cref="RSA"/> or <see cref="ECDsa"/> holding a private key).</summary>
    public SigningKey(AsymmetricAlgorithm key, string algorithm, string? keyId)
    {
        _key = key;
        Algorithm = algorithm;
        KeyId = keyId;
        SecurityKey securityKey = key switch
        {
            RSA rsa => new RsaSecurityKey(rsa),
            ECDsa ecdsa => new ECDsaSecurityKey(ecdsa),
            _ => throw new ArgumentException("Only RSA and ECDSA keys can sign.", nameof(key)),
        };
        securityKey.KeyId = keyId;

        // Not the shared default factory: it caches signature providers per key, and this key is disposed with us.
        securityKey.CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false };
        Credentials = new SigningCredentials(securityKey, algorithm);
    }

    /// <summary>The JWS algorithm, for the header's <c>alg</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The key id, for the header's <c>kid</c>; null when the JWK has none.</summary>
    public string? KeyId { get; }

    /// <summary>The credentials for a <see cref="SecurityTokenDescriptor"/>.</summary>
    public SigningCredentials Credentials { get; }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    /// <summary>Hides the key from logs and debugger displays.</summary>
    public override string ToString() => $"{Algorithm} key '{KeyId}'";
}
