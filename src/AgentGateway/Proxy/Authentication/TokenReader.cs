using System.Buffers;
using Microsoft.Extensions.Primitives;

namespace AgentGateway.Proxy.Authentication;

/// <summary>Reads a token from where a policy says it is, strictly.</summary>
internal static class TokenReader
{
    /// <summary>The characters of a b64token before its padding (RFC 6750 §2.1).</summary>
    private static readonly SearchValues<char> s_b64token =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/");

    /// <summary>Reads the token of <paramref name="request"/> at <paramref name="location"/>.</summary>
    public static TokenReadResult Read(HttpRequest request, TokenLocation location, out string token)
    {
        token = "";
        switch (location.Kind)
        {
            case TokenLocationKind.Header:
                return ReadHeader(request.Headers[location.Name], location.Scheme, out token);
            case TokenLocationKind.QueryParameter:
                return ReadSingle(request.Query[location.Name], out token);
            default:
                return request.Cookies.TryGetValue(location.Name, out var cookie) ? Check(cookie, out token) : TokenReadResult.Absent;
        }
    }

    /// <summary>
    /// <c>&lt;scheme&gt; 1*SP &lt;b64token&gt;</c> (RFC 6750 §2.1), the scheme matched case-insensitively. Repeated headers are
    /// malformed (which one would count?); another scheme is absent, not malformed.
    /// </summary>
    internal static TokenReadResult ReadHeader(StringValues values, string scheme, out string token)
    {
        token = "";
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
            return Check(value.Trim(' '), out token);
        }

        var trimmed = value.AsSpan().TrimStart(' ');
        if (trimmed.Length < scheme.Length || !trimmed[..scheme.Length].Equals(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return trimmed.IsEmpty ? TokenReadResult.Malformed : TokenReadResult.Absent;
        }

        var rest = trimmed[scheme.Length..];
        if (rest.IsEmpty)
        {
            return TokenReadResult.Malformed;
        }

        if (rest[0] != ' ')
        {
            // "Bearer-x …" or "Bearerx": another scheme.
            return TokenReadResult.Absent;
        }

        return Check(rest.Trim(' ').ToString(), out token);
    }

    private static TokenReadResult ReadSingle(StringValues values, out string token)
    {
        token = "";
        return values.Count switch
        {
            0 => TokenReadResult.Absent,
            1 => Check(values[0] ?? "", out token),
            _ => TokenReadResult.Malformed,
        };
    }

    /// <summary>A b64token (RFC 6750): <c>[A-Za-z0-9-._~+/]+=*</c>. A JWT fits it; anything else is malformed.</summary>
    private static TokenReadResult Check(string value, out string token)
    {
        token = "";
        if (value.Length == 0)
        {
            return TokenReadResult.Malformed;
        }

        var end = value.Length;
        while (end > 0 && value[end - 1] == '=')
        {
            end--;
        }

        if (end == 0)
        {
            return TokenReadResult.Malformed;
        }

        // Vectorized: a JWT is hundreds of characters, checked on every request.
        if (value.AsSpan(0, end).ContainsAnyExcept(s_b64token))
        {
            return TokenReadResult.Malformed;
        }

        token = value;
        return TokenReadResult.Present;
    }
}
