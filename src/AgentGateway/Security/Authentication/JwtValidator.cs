using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace AgentGateway.Security.Authentication;

/// <summary>
/// Validates bearer JWTs against one or more issuers (the providers of one <c>jwtAuth</c> policy). Thread-safe; one
/// per provider set.
/// </summary>
/// <remarks>
/// <para>
/// Order matters and is part of the contract (see <c>README.md</c>): the size cap, then the cache, then every check
/// that needs no key — segments, strict base64url, header and payload JSON, <c>alg</c>, <c>crit</c>, key-carrying
/// headers, issuer, audience, time claims, required claims, claim types — and only then a key lookup, which is the
/// only step that can cause a JWKS fetch. Junk, expired or foreign tokens therefore never reach the identity
/// provider (Envoy's tests assert the same with <c>fetch().Times(0)</c>).
/// </para>
/// <para>
/// The issuer is chosen by the token's unverified <c>iss</c> matching a configured issuer exactly; nothing is ever
/// fetched from a location the token names.
/// </para>
/// </remarks>
internal sealed partial class JwtValidator
{
    private readonly IssuerEntry[] _issuers;
    private readonly TimeProvider _timeProvider;
    private readonly JwtValidatorOptions _options;
    private readonly JwtValidationCache? _cache;
    private readonly ILogger _logger;
    private long _signatureVerifications;

    /// <summary>Creates a validator for the given issuers.</summary>
    /// <param name="providers">Each issuer's settings with the provider of its keys (providers may be shared).</param>
    /// <param name="timeProvider">The clock for <c>exp</c>/<c>nbf</c>.</param>
    /// <param name="logger">Receives Debug entries when a token causes a key refetch; never the token.</param>
    /// <param name="options">Size cap and cache size; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">No provider, a repeated issuer, an unsupported algorithm or required claim, a negative clock skew.</exception>
    public JwtValidator(IEnumerable<(JwtProviderSettings Settings, JwksProvider Keys)> providers, TimeProvider timeProvider, ILogger logger, JwtValidatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _timeProvider = timeProvider;
        _logger = logger;
        _options = options ?? new JwtValidatorOptions();
        _issuers = [.. providers.Select(p => new IssuerEntry(p.Settings, p.Keys))];
        if (_issuers.Length == 0)
        {
            throw new ArgumentException("At least one JWT provider is required.", nameof(providers));
        }

        var duplicate = _issuers.GroupBy(i => i.Issuer, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"JWT issuer '{duplicate.Key}' is configured more than once.", nameof(providers));
        }

        _cache = _options.CacheCapacity > 0 ? new JwtValidationCache(_options.CacheCapacity) : null;
    }

    /// <summary>Signature verifications done so far (a cache hit does none).</summary>
    public long SignatureVerifications => Interlocked.Read(ref _signatureVerifications);

    /// <summary>The successful-validation cache, or <see langword="null"/> when turned off.</summary>
    public JwtValidationCache? Cache => _cache;

    /// <summary>
    /// Validates <paramref name="token"/> (the compact JWS, without the <c>Bearer </c> prefix). Never throws for a bad
    /// token; completes synchronously unless the issuer's keys must be refetched (unknown <c>kid</c>, rotated key).
    /// </summary>
    public ValueTask<JwtValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ValidateAsync(token.AsMemory(), cancellationToken);
    }

    /// <summary>
    /// Validates <paramref name="token"/>, a slice of the request (header, query or cookie value): a token answered from
    /// the cache is hashed in place and never copied; any other is made a string once, for parsing.
    /// </summary>
    public ValueTask<JwtValidationResult> ValidateAsync(ReadOnlyMemory<char> token, CancellationToken cancellationToken) =>
        ValidateAsync(token, memo: null, cancellationToken);

    /// <summary>
    /// As <see cref="ValidateAsync(ReadOnlyMemory{char}, CancellationToken)"/>, answering from the connection's
    /// <paramref name="memo"/> when it holds this same token (compared whole; no hash, no cache lookup), and remembering
    /// a success there. Without the cache (<see cref="JwtValidatorOptions.CacheCapacity"/> 0) the memo is not used either.
    /// </summary>
    public ValueTask<JwtValidationResult> ValidateAsync(ReadOnlyMemory<char> token, JwtValidationMemo? memo, CancellationToken cancellationToken)
    {
        if (token.Length > _options.MaxTokenLength)
        {
            return Fail(JwtFailureReason.TooLarge);
        }

        var now = _timeProvider.GetUtcNow();
        var hash = default(JwtValidationCache.TokenHash);
        if (_cache is not null)
        {
            if (memo?.Last is { } last && ReferenceEquals(last.Validator, this) && token.Span.SequenceEqual(last.Token))
            {
                // The cache's rule: a token that expired since is refused, not validated again; stale keys, afresh.
                if (last.Entry.AnswerAt(now) is { } remembered)
                {
                    return new(remembered);
                }

                memo.Last = null;
            }

            hash = JwtValidationCache.Hash(token.Span);
            if (_cache.TryGet(hash, now, out var hit) is { } cached)
            {
                if (memo is not null && hit is not null)
                {
                    memo.Last = new(this, AsString(token), hit);
                }

                return new(cached);
            }
        }

        var text = AsString(token);
        var reason = Parse(text, now, out var parsed);
        if (reason != JwtFailureReason.None)
        {
            return Fail(reason);
        }

        var snapshot = parsed.Issuer.Keys.Snapshot;
        if (snapshot.IsEmpty)
        {
            // No keys (the JWKS was unreachable at startup, or every fetch failed so far): a token that passed every
            // other check asks for the same rate-limited, single-flight fetch as an unknown kid, rather than waiting for
            // the retry timer (up to a minute) while the issuer may be back already.
            Log.RefetchingKeys(_logger, parsed.Issuer.Issuer, "no keys loaded");
            return RetryAfterRefreshAsync(parsed, snapshot.Generation, KeyOutcome.UnknownKid, JwtFailureReason.KeysUnavailable, hash, cancellationToken);
        }

        var outcome = Verify(snapshot, parsed);
        if (outcome == KeyOutcome.Valid)
        {
            var entry = Succeed(parsed, snapshot, hash, now);
            if (memo is not null && _cache is not null)
            {
                memo.Last = new(this, text, entry);
            }

            return new(entry.Result);
        }

        // Unknown kid: the key may just have been published (rotation). Known kid but bad signature: the key
        // material may have been replaced under the same kid. Both get one rate-limited, single-flight refetch.
        if (outcome == KeyOutcome.UnknownKid || (outcome == KeyOutcome.BadSignature && parsed.KeyId is not null))
        {
            Log.RefetchingKeys(_logger, parsed.Issuer.Issuer, outcome == KeyOutcome.UnknownKid ? "unknown kid" : "signature mismatch with a known kid");
            return RetryAfterRefreshAsync(parsed, snapshot.Generation, outcome, ToReason(outcome), hash, cancellationToken);
        }

        return Fail(ToReason(outcome));
    }

    /// <summary>
    /// Asks for the rate-limited, single-flight refetch of the issuer's keys, then verifies again; <paramref name="whenNoKeys"/>
    /// is the failure when there are still no keys at all.
    /// </summary>
    private async ValueTask<JwtValidationResult> RetryAfterRefreshAsync(
        ParsedToken parsed, long generation, KeyOutcome first, JwtFailureReason whenNoKeys, JwtValidationCache.TokenHash hash, CancellationToken cancellationToken)
    {
        await parsed.Issuer.Keys.TryForceRefreshAsync(cancellationToken);
        var snapshot = parsed.Issuer.Keys.Snapshot;
        if (snapshot.IsEmpty)
        {
            return JwtValidationResult.Failure(whenNoKeys);
        }

        // An unknown kid is looked up again even when this call did not refetch: a refetch by another request within
        // the cooldown may have brought it. A bad signature is retried only if the keys actually changed.
        if (first == KeyOutcome.BadSignature && snapshot.Generation == generation)
        {
            return JwtValidationResult.Failure(ToReason(first));
        }

        var outcome = Verify(snapshot, parsed);
        return outcome == KeyOutcome.Valid
            ? Succeed(parsed, snapshot, hash, _timeProvider.GetUtcNow()).Result
            : JwtValidationResult.Failure(ToReason(outcome));
    }

    /// <summary>
    /// Picks the key and checks the signature. With a <c>kid</c>: the keys with that <c>kid</c> that fit the
    /// algorithm; there must be exactly one. Without a <c>kid</c>: every key that fits the algorithm; again exactly
    /// one, otherwise <see cref="JwtFailureReason.UnknownKey"/>. This is jose's rule (<c>JWKSMultipleMatchingKeys</c>)
    /// rather than IdentityModel's try-every-key: a single verification per token, and no way for a kid-less token to
    /// probe the whole key set. Auth0, Okta, Entra and Keycloak all put a <c>kid</c> in their tokens.
    /// </summary>
    private KeyOutcome Verify(JwksSnapshot snapshot, ParsedToken parsed)
    {
        JwksKey? key = null;
        if (parsed.KeyId is not null)
        {
            if (!snapshot.KeysById.TryGetValue(parsed.KeyId, out var candidates))
            {
                return KeyOutcome.UnknownKid;
            }

            foreach (var candidate in candidates)
            {
                if (candidate.Fits(parsed.Algorithm))
                {
                    if (key is not null)
                    {
                        return KeyOutcome.Ambiguous;
                    }

                    key = candidate;
                }
            }

            if (key is null)
            {
                return KeyOutcome.AlgorithmMismatch;
            }
        }
        else
        {
            foreach (var candidate in snapshot.Keys)
            {
                if (candidate.Fits(parsed.Algorithm))
                {
                    if (key is not null)
                    {
                        return KeyOutcome.Ambiguous;
                    }

                    key = candidate;
                }
            }

            if (key is null)
            {
                return KeyOutcome.Ambiguous;
            }
        }

        Interlocked.Increment(ref _signatureVerifications);
        var token = parsed.Token;
        var inputLength = parsed.SignatureStart - 1;
        var signatureText = token.AsSpan(parsed.SignatureStart);
        var input = ArrayPool<byte>.Shared.Rent(inputLength);
        var signature = ArrayPool<byte>.Shared.Rent(System.Buffers.Text.Base64Url.GetMaxDecodedLength(signatureText.Length));
        try
        {
            Encoding.ASCII.GetBytes(token.AsSpan(0, inputLength), input);
            var signatureLength = Base64UrlStrict.Decode(signatureText, signature);
            return key.Verify(parsed.Algorithm, input, inputLength, signature, signatureLength) ? KeyOutcome.Valid : KeyOutcome.BadSignature;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(signature);
        }
    }

    /// <summary>The success, remembered in the cache (when on); its entry carries the result.</summary>
    private JwtValidationCache.Entry Succeed(ParsedToken parsed, JwksSnapshot snapshot, JwtValidationCache.TokenHash hash, DateTimeOffset now)
    {
        var result = JwtValidationResult.Success(parsed.Claims, parsed.Subject, parsed.ExpiresAt, parsed.Issuer.Issuer);
        var entry = new JwtValidationCache.Entry(result, parsed.Issuer.Keys, snapshot.Generation, parsed.ExpiresAt, parsed.Issuer.ClockSkew);
        _cache?.Add(hash, entry, now);
        return entry;
    }

    /// <summary>The token as a string: the string itself when the memory is a whole one, else a copy.</summary>
    private static string AsString(ReadOnlyMemory<char> token) =>
        MemoryMarshal.TryGetString(token, out var whole, out var start, out var length) && start == 0 && length == whole.Length
            ? whole
            : token.ToString();

    private static ValueTask<JwtValidationResult> Fail(JwtFailureReason reason) => new(JwtValidationResult.Failure(reason));

    private static JwtFailureReason ToReason(KeyOutcome outcome) => outcome switch
    {
        KeyOutcome.UnknownKid or KeyOutcome.Ambiguous => JwtFailureReason.UnknownKey,
        KeyOutcome.AlgorithmMismatch => JwtFailureReason.KeyAlgorithmMismatch,
        _ => JwtFailureReason.InvalidSignature,
    };

    private enum KeyOutcome
    {
        Valid,
        UnknownKid,
        Ambiguous,
        AlgorithmMismatch,
        BadSignature,
    }

    /// <summary>What the key-free checks learnt about a token.</summary>
    private sealed record ParsedToken(
        string Token,
        int SignatureStart,
        JwtAlgorithm Algorithm,
        string? KeyId,
        IssuerEntry Issuer,
        JsonElement Claims,
        string? Subject,
        DateTimeOffset? ExpiresAt);

    /// <summary>One issuer, compiled.</summary>
    private sealed class IssuerEntry
    {
        public IssuerEntry(JwtProviderSettings settings, JwksProvider keys)
        {
            ArgumentNullException.ThrowIfNull(settings);
            ArgumentNullException.ThrowIfNull(keys);
            ArgumentException.ThrowIfNullOrEmpty(settings.Issuer);
            if (settings.ClockSkew < TimeSpan.Zero)
            {
                throw new ArgumentException($"JWT issuer '{settings.Issuer}': the clock skew cannot be negative.", nameof(settings));
            }

            Issuer = settings.Issuer;
            Keys = keys;
            Audiences = [.. settings.Audiences ?? []];
            ClockSkew = settings.ClockSkew;
            AlgorithmMask = JwtAlgorithms.ToMask(settings.Algorithms);
            RequiredClaims = [.. settings.RequiredClaims ?? []];
            foreach (var claim in RequiredClaims)
            {
                if (!JwtProviderSettings.SupportedRequiredClaims.Contains(claim, StringComparer.Ordinal))
                {
                    throw new ArgumentException(
                        $"JWT issuer '{settings.Issuer}': '{claim}' cannot be required; use any of {string.Join(", ", JwtProviderSettings.SupportedRequiredClaims)}.",
                        nameof(settings));
                }
            }
        }

        public string Issuer { get; }

        public JwksProvider Keys { get; }

        public string[] Audiences { get; }

        public TimeSpan ClockSkew { get; }

        public int AlgorithmMask { get; }

        public string[] RequiredClaims { get; }
    }
}
