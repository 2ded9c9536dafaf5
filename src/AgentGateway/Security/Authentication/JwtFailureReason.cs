namespace AgentGateway.Security.Authentication;

/// <summary>Why a token was rejected. Every reason maps to 401 <c>invalid_token</c>; the precise one is for logs and metrics only.</summary>
internal enum JwtFailureReason
{
    /// <summary>The token is valid.</summary>
    None,

    /// <summary>Not three base64url segments (strict: no padding, <c>+</c>, <c>/</c> or whitespace), header or payload not a UTF-8 JSON object, duplicate member names, <c>alg</c> missing or not a string, <c>kid</c> not a string, empty signature.</summary>
    Malformed,

    /// <summary>Longer than the size cap (checked before anything is decoded).</summary>
    TooLarge,

    /// <summary><c>alg</c> is <c>none</c>, HMAC, unknown, or not in the issuer's allow-list.</summary>
    UnsupportedAlgorithm,

    /// <summary>A header that carries or points to key material (<c>jwk</c>, <c>jku</c>, <c>x5u</c>, <c>x5c</c>) or changes the JWS processing (<c>b64</c>, <c>zip</c>).</summary>
    ForbiddenHeader,

    /// <summary>A <c>crit</c> header, in any form: no extension is understood (RFC 7515 §4.1.11).</summary>
    UnknownCriticalHeader,

    /// <summary><c>iss</c> missing or not exactly a configured issuer.</summary>
    UnknownIssuer,

    /// <summary><c>aud</c> missing (when audiences are configured) or sharing no value with them.</summary>
    InvalidAudience,

    /// <summary><c>exp</c> is at or before now minus the clock skew.</summary>
    Expired,

    /// <summary><c>nbf</c> is after now plus the clock skew.</summary>
    NotYetValid,

    /// <summary><c>nbf</c> is after <c>exp</c>: the token is never valid.</summary>
    InvalidLifetime,

    /// <summary>A claim listed in <see cref="JwtProviderSettings.RequiredClaims"/> is missing or <c>null</c>.</summary>
    MissingRequiredClaim,

    /// <summary>A registered claim has the wrong JSON type: <c>iss</c>/<c>sub</c>/<c>jti</c> not a string, <c>aud</c> not a string or array of strings, <c>exp</c>/<c>nbf</c>/<c>iat</c> not a non-negative number in range.</summary>
    InvalidClaimType,

    /// <summary>No key fits: unknown <c>kid</c> even after a refetch, or no <c>kid</c> and not exactly one key fitting the algorithm.</summary>
    UnknownKey,

    /// <summary>The key named by <c>kid</c> cannot verify the token's <c>alg</c> (other key type or curve, or the JWK's own <c>alg</c> differs).</summary>
    KeyAlgorithmMismatch,

    /// <summary>The signature does not verify (tampered token, wrong key, wrong length).</summary>
    InvalidSignature,

    /// <summary>The issuer's key set has never been loaded (JWKS endpoint down since startup).</summary>
    KeysUnavailable,
}
