namespace AgentGateway.Security.Authentication;

/// <summary>The JWS algorithms the gateway verifies (RFC 7518 §3). Everything else is rejected.</summary>
/// <remarks>
/// Not here, on purpose: <c>none</c> (unsigned), <c>HS256/384/512</c> (a shared secret; with public JWKS material as
/// the secret it is the classic algorithm-confusion attack), and <c>EdDSA</c>, which
/// Microsoft.IdentityModel.Tokens 8.23.0 cannot verify (it has no Ed25519 support; OKP keys are skipped).
/// </remarks>
internal enum JwtAlgorithm
{
    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256.</summary>
    RS256,

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-384.</summary>
    RS384,

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-512.</summary>
    RS512,

    /// <summary>RSASSA-PSS with SHA-256.</summary>
    PS256,

    /// <summary>RSASSA-PSS with SHA-384.</summary>
    PS384,

    /// <summary>RSASSA-PSS with SHA-512.</summary>
    PS512,

    /// <summary>ECDSA on P-256 with SHA-256.</summary>
    ES256,

    /// <summary>ECDSA on P-384 with SHA-384.</summary>
    ES384,

    /// <summary>ECDSA on P-521 with SHA-512.</summary>
    ES512,
}
