using System.Buffers;
using Microsoft.Extensions.Primitives;

namespace AgentGateway.Proxy.Authentication;

/// <summary>Reads a token from where a policy says it is, strictly.</summary>
internal static class TokenReader
{
    /// <summary>The characters of a b64token before its padding (RFC 6750 §2.1).</summary>
    private static readonly SearchValues<char> s_b64token =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/");

    /// <summary>
    /// Reads the token of <paramref name="request"/> at <paramref name="location"/>: a slice of the header, query or
    /// cookie value, not a copy (a token answered from the validation cache is never made a string of its own).
    /// </summary>
    public static TokenReadResult Read(HttpRequest request, TokenLocation location, out ReadOnlyMemory<char> token)
    {
        token = default;
        switch (location.Kind)
        {
            case TokenLocationKind.Header:
                return ReadHeader(request.Headers[location.Name], location.Scheme, out token);
            case TokenLocationKind.QueryParameter:
                return ReadSingle(request.Query[location.Name], out token);
            default:
                return request.Cookies.TryGetValue(location.Name, out var cookie) ? Check(cookie.AsMemory(), out token) : TokenReadResult.Absent;
        }
    }

    /// <summary>
    /// <c>&lt;scheme&gt; 1*SP &lt;b64token&gt;</c> (RFC 6750 §2.1), the scheme matched case-insensitively. Repeated headers are
    /// malformed (which one would count?); another scheme is absent, not malformed.
    /// </summary>
    internal static TokenReadResult ReadHeader(StringValues values, string scheme, out ReadOnlyMemory<char> token)
    {
        token = default;
        if (values.Count == 0)
        {
            return TokenReadResult.Absent;
        }

        if (values.Count > 1)
        {
            return TokenReadResult.Malformed;
        }

        var value = values[0] ?? "";
        if (scheme.Length == 0)
        {
            return Check(value.AsMemory().Trim(' '), out token);
        }

        var trimmed = value.AsMemory().TrimStart(' ');
        if (trimmed.Length < scheme.Length || !trimmed.Span[..scheme.Length].Equals(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return trimmed.IsEmpty ? TokenReadResult.Malformed : TokenReadResult.Absent;
        }

        var rest = trimmed[scheme.Length..];
        if (rest.IsEmpty)
        {
            return TokenReadResult.Malformed;
        }

        if (rest.Span[0] != ' ')
        {
            // "Bearer-x …" or "Bearerx": another scheme.
            return TokenReadResult.Absent;
        }

        return Check(rest.Trim(' '), out token);
    }

    private static TokenReadResult ReadSingle(StringValues values, out ReadOnlyMemory<char> token)
    {
        token = default;
        return values.Count switch
        {
            0 => TokenReadResult.Absent,
            1 => Check((values[0] ?? "").AsMemory(), out token),
            _ => TokenReadResult.Malformed,
        };
    }

    /// <summary>A b64token (RFC 6750): <c>[A-Za-z0-9-._~+/]+=*</c>. A JWT fits it; anything else is malformed.</summary>
    private static TokenReadResult Check(ReadOnlyMemory<char> value, out ReadOnlyMemory<char> token)
    {
        token = default;
        if (value.Length == 0)
        {
            return TokenReadResult.Malformed;
        }

        var end = value.Length;
        var chars = value.Span;
        while (end > 0 && chars[end - 1] == '=')
        {
            end--;
        }

        if (end == 0)
        {
            return TokenReadResult.Malformed;
        }

        // Vectorized: a JWT is hundreds of characters, checked on every request.
        if (chars[..end].ContainsAnyExcept(s_b64token))
        {
            return TokenReadResult.Malformed;
        }

        token = value;
        return TokenReadResult.Present;
    }
}
