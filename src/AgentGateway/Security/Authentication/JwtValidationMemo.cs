namespace AgentGateway.Security.Authentication;

/// <summary>
/// The last token validated on one client connection (a connection feature), so that the same token on the
/// connection's next request is recognized by comparing it with the one held: no hash and no cache lookup. A client
/// sends the same token on every request of a connection until it refreshes it.
/// </summary>
/// <remarks>
/// The memo answers by the same rules as <see cref="JwtValidationCache"/>, whose entry it holds: only for the validator
/// that validated the token (a reload makes new ones), only while the issuer's key set has the generation the signature
/// was verified under, and only until the token's <c>exp</c>. Anything else is validated as without it. A connection
/// carrying requests in parallel (HTTP/2) may replace the memo at any time; it is one immutable record swapped whole.
/// </remarks>
internal sealed class JwtValidationMemo
{
    private Remembered? _last;

    /// <summary>The last token validated on the connection, or null.</summary>
    internal Remembered? Last
    {
        get => Volatile.Read(ref _last);
        set => Volatile.Write(ref _last, value);
    }

    /// <summary>One remembered validation.</summary>
    /// <param name="Validator">The validator that validated <paramref name="Token"/>.</param>
    /// <param name="Token">The token, as the client sent it.</param>
    /// <param name="Entry">The cache entry of the validation (its result, key-set generation and expiry).</param>
    internal sealed record Remembered(JwtValidator Validator, string Token, JwtValidationCache.Entry Entry);
}
