namespace AgentGateway.Security.Authentication;

/// <summary>The key types a JWKS may contribute (JWK <c>kty</c>). Other types are skipped when the set is loaded.</summary>
internal enum JwksKeyType
{
    /// <summary><c>RSA</c>: verifies RS* and PS*.</summary>
    Rsa,

    /// <summary><c>EC</c>: verifies ES* on the key's own curve only.</summary>
    EllipticCurve,
}
