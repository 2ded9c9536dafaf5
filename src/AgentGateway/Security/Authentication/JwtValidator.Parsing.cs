using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace AgentGateway.Security.Authentication;

internal sealed partial class JwtValidator
{
    // RFC 7515 §4: a JOSE header with duplicate member names must be rejected or use the last one; parsers disagree on
    // which (a classic source of "validated one thing, used another"), so duplicates are rejected in both JSON parts.
    private static readonly JsonDocumentOptions s_jsonOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    // Headers that carry or point to key material (the token must not choose its own key: CVE-2018-0114), or change
    // how the JWS is processed (b64, RFC 7797; zip is JWE-only). x5t/x5t#S256 are mere thumbprint hints (Entra sends
    // x5t) and are allowed.
    private static readonly string[] s_forbiddenHeaders = ["jwk", "jku", "x5u", "x5c", "b64", "zip"];

    private static readonly long s_maxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>Every check that needs no key, cheapest first. Fills <paramref name="parsed"/> on success.</summary>
    private JwtFailureReason Parse(string token, DateTimeOffset now, out ParsedToken parsed)
    {
        parsed = null!;
        var firstDot = token.IndexOf('.', StringComparison.Ordinal);
        var secondDot = firstDot < 0 ? -1 : token.IndexOf('.', firstDot + 1);
        if (secondDot < 0 || token.IndexOf('.', secondDot + 1) >= 0)
        {
            return JwtFailureReason.Malformed;
        }

        var headerText = token.AsSpan(0, firstDot);
        var payloadText = token.AsSpan(firstDot + 1, secondDot - firstDot - 1);
        var signatureText = token.AsSpan(secondDot + 1);
        if (headerText.IsEmpty || payloadText.IsEmpty
            || !Base64UrlStrict.IsValid(headerText) || !Base64UrlStrict.IsValid(payloadText) || !Base64UrlStrict.IsValid(signatureText))
        {
            return JwtFailureReason.Malformed;
        }

        var reason = ReadHeader(headerText, out var algorithm, out var keyId);
        if (reason != JwtFailureReason.None)
        {
            return reason;
        }

        // After the header, so `alg: none` with its empty signature is reported as the algorithm it is. ECDSA
        // signatures have one exact length per algorithm: a wrong one is rejected here, before any key lookup.
        var signatureLength = Base64Url.GetMaxDecodedLength(signatureText.Length);
        if (signatureLength == 0)
        {
            return JwtFailureReason.Malformed;
        }

        var ecLength = JwtAlgorithms.EcSignatureLength(algorithm);
        if (ecLength != 0 && signatureLength != ecLength)
        {
            return JwtFailureReason.InvalidSignature;
        }

        reason = ReadPayload(payloadText, out var claims);
        if (reason != JwtFailureReason.None)
        {
            return reason;
        }

        reason = CheckClaims(claims, algorithm, now, out var issuer, out var subject, out var expiresAt);
        if (reason != JwtFailureReason.None)
        {
            return reason;
        }

        parsed = new ParsedToken(token, secondDot + 1, algorithm, keyId, issuer!, claims, subject, expiresAt);
        return JwtFailureReason.None;
    }

    private static JwtFailureReason ReadHeader(ReadOnlySpan<char> text, out JwtAlgorithm algorithm, out string? keyId)
    {
        algorithm = default;
        keyId = null;
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(text.Length));
        try
        {
            var length = Base64UrlStrict.Decode(text, buffer);
            if (!Utf8.IsValid(buffer.AsSpan(0, length)))
            {
                return JwtFailureReason.Malformed;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(buffer.AsMemory(0, length), s_jsonOptions);
            }
            catch (JsonException)
            {
                return JwtFailureReason.Malformed;
            }

            using (document)
            {
                var header = document.RootElement;
                if (header.ValueKind != JsonValueKind.Object
                    || !header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String)
                {
                    return JwtFailureReason.Malformed;
                }

                if (header.TryGetProperty("kid", out var kid))
                {
                    // A non-string kid must not bypass key selection (jose).
                    if (kid.ValueKind != JsonValueKind.String)
                    {
                        return JwtFailureReason.Malformed;
                    }

                    keyId = kid.GetString();
                }

                if ((header.TryGetProperty("typ", out var typ) && typ.ValueKind != JsonValueKind.String)
                    || (header.TryGetProperty("cty", out var cty) && cty.ValueKind != JsonValueKind.String))
                {
                    return JwtFailureReason.Malformed;
                }

                // none, HS*, EdDSA and anything unknown end here.
                if (!JwtAlgorithms.TryParse(alg.GetString(), out algorithm))
                {
                    return JwtFailureReason.UnsupportedAlgorithm;
                }

                // RFC 7515 §4.1.11: a recipient must reject a token whose crit names an extension it does not
                // understand, and crit must not be empty nor name registered headers. We understand none, so any
                // crit, well-formed or not, is a rejection. (Microsoft.IdentityModel does not check crit at all.)
                if (header.TryGetProperty("crit", out _))
                {
                    return JwtFailureReason.UnknownCriticalHeader;
                }

                foreach (var name in s_forbiddenHeaders)
                {
                    if (header.TryGetProperty(name, out _))
                    {
                        return JwtFailureReason.ForbiddenHeader;
                    }
                }

                return JwtFailureReason.None;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static JwtFailureReason ReadPayload(ReadOnlySpan<char> text, out JsonElement claims)
    {
        claims = default;
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(text.Length));
        try
        {
            var length = Base64UrlStrict.Decode(text, buffer);
            var json = buffer.AsSpan(0, length);
            if (!Utf8.IsValid(json))
            {
                return JwtFailureReason.Malformed;
            }

            try
            {
                // JsonElement.Parse copies into memory of its own (not pooled): the element stays valid as long as
                // the result that carries it, with nothing to dispose.
                claims = JsonElement.Parse(json, s_jsonOptions);
            }
            catch (JsonException)
            {
                return JwtFailureReason.Malformed;
            }

            return claims.ValueKind == JsonValueKind.Object ? JwtFailureReason.None : JwtFailureReason.Malformed;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private JwtFailureReason CheckClaims(JsonElement claims, JwtAlgorithm algorithm, DateTimeOffset now, out IssuerEntry? issuer, out string? subject, out DateTimeOffset? expiresAt)
    {
        issuer = null;
        subject = null;
        expiresAt = null;

        // Issuer: exact, ordinal; it picks the keys, so it comes first.
        if (!claims.TryGetProperty("iss", out var iss))
        {
            return JwtFailureReason.UnknownIssuer;
        }

        if (iss.ValueKind != JsonValueKind.String)
        {
            return JwtFailureReason.InvalidClaimType;
        }

        foreach (var candidate in _issuers)
        {
            if (iss.ValueEquals(candidate.Issuer))
            {
                issuer = candidate;
                break;
            }
        }

        if (issuer is null)
        {
            return JwtFailureReason.UnknownIssuer;
        }

        if ((issuer.AlgorithmMask & JwtAlgorithms.Bit(algorithm)) == 0)
        {
            return JwtFailureReason.UnsupportedAlgorithm;
        }

        var reason = CheckAudience(claims, issuer.Audiences);
        if (reason != JwtFailureReason.None)
        {
            return reason;
        }

        long? exp = null, nbf = null;
        if (claims.TryGetProperty("exp", out var expElement))
        {
            if (!TryReadNumericDate(expElement, out var value))
            {
                return JwtFailureReason.InvalidClaimType;
            }

            exp = value;
        }

        if (claims.TryGetProperty("nbf", out var nbfElement))
        {
            if (!TryReadNumericDate(nbfElement, out var value))
            {
                return JwtFailureReason.InvalidClaimType;
            }

            nbf = value;
        }

        if (claims.TryGetProperty("iat", out var iatElement) && !TryReadNumericDate(iatElement, out _))
        {
            return JwtFailureReason.InvalidClaimType;
        }

        if (claims.TryGetProperty("sub", out var sub))
        {
            if (sub.ValueKind != JsonValueKind.String)
            {
                return JwtFailureReason.InvalidClaimType;
            }

            subject = sub.GetString();
        }

        if (claims.TryGetProperty("jti", out var jti) && jti.ValueKind != JsonValueKind.String)
        {
            return JwtFailureReason.InvalidClaimType;
        }

        foreach (var required in issuer.RequiredClaims)
        {
            if (!claims.TryGetProperty(required, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return JwtFailureReason.MissingRequiredClaim;
            }
        }

        if (exp is { } e && nbf is { } n && n > e)
        {
            return JwtFailureReason.InvalidLifetime;
        }

        if (exp is { } expiry)
        {
            expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiry);
            if (expiresAt <= now - issuer.ClockSkew)
            {
                return JwtFailureReason.Expired;
            }
        }

        if (nbf is { } notBefore && DateTimeOffset.FromUnixTimeSeconds(notBefore) > now + issuer.ClockSkew)
        {
            return JwtFailureReason.NotYetValid;
        }

        return JwtFailureReason.None;
    }

    /// <summary>
    /// <c>aud</c>, when present, must be a string or an array of strings (checked even when no audience is configured);
    /// with audiences configured it must be present and share a value with them, compared ordinal and exact.
    /// </summary>
    private static JwtFailureReason CheckAudience(JsonElement claims, string[] audiences)
    {
        if (!claims.TryGetProperty("aud", out var aud))
        {
            return audiences.Length == 0 ? JwtFailureReason.None : JwtFailureReason.InvalidAudience;
        }

        var matched = false;
        switch (aud.ValueKind)
        {
            case JsonValueKind.String:
                matched = Matches(aud, audiences);
                break;
            case JsonValueKind.Array:
                foreach (var element in aud.EnumerateArray())
                {
                    if (element.ValueKind != JsonValueKind.String)
                    {
                        return JwtFailureReason.InvalidClaimType;
                    }

                    matched |= !matched && Matches(element, audiences);
                }

                break;
            default:
                return JwtFailureReason.InvalidClaimType;
        }

        return matched || audiences.Length == 0 ? JwtFailureReason.None : JwtFailureReason.InvalidAudience;

        static bool Matches(JsonElement value, string[] audiences)
        {
            foreach (var audience in audiences)
            {
                if (value.ValueEquals(audience))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// A NumericDate (RFC 7519 §2): a JSON number of seconds, fractions allowed and truncated (as jwt_verify_lib does).
    /// Strings, booleans, <c>null</c>, negatives and values past year 9999 are rejected.
    /// </summary>
    private static bool TryReadNumericDate(JsonElement element, out long seconds)
    {
        seconds = 0;
        if (element.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        if (element.TryGetInt64(out var integer))
        {
            seconds = integer;
        }
        else if (element.TryGetDouble(out var real) && double.IsFinite(real) && real >= 0 && real < s_maxUnixSeconds + 1)
        {
            seconds = (long)Math.Truncate(real);
        }
        else
        {
            return false;
        }

        return seconds >= 0 && seconds <= s_maxUnixSeconds;
    }
}
