using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentGateway.Tests.Security.Authentication;

/// <summary>Builds tokens by hand, segment by segment, so every malformed variant can be made.</summary>
internal static class TestTokenFactory
{
    public const string Issuer = "https://tenant.auth0.com/";
    public const string Audience = "https://mcp.example.com/mcp";

    /// <summary>A typical Auth0 access-token payload valid at <paramref name="now"/> for an hour.</summary>
    public static JsonObject Claims(DateTimeOffset now) => new()
    {
        ["iss"] = Issuer,
        ["sub"] = "auth0|user-1",
        ["aud"] = Audience,
        ["iat"] = now.ToUnixTimeSeconds(),
        ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        ["permissions"] = new JsonArray("read:tools"),
    };

    /// <summary>The default header for <paramref name="key"/>: its alg, typ JWT and its kid.</summary>
    public static JsonObject Header(TestKey key, string? alg = null, bool withKid = true)
    {
        var header = new JsonObject { ["alg"] = alg ?? key.Alg, ["typ"] = "JWT" };
        if (withKid)
        {
            header["kid"] = key.Kid;
        }

        return header;
    }

    /// <summary>A correctly signed token.</summary>
    public static string Create(TestKey key, JsonObject claims, string? alg = null, bool withKid = true, Action<JsonObject>? header = null)
    {
        var h = Header(key, alg, withKid);
        header?.Invoke(h);
        return Sign(key, alg ?? key.Alg, Segment(h.ToJsonString()), Segment(claims.ToJsonString()));
    }

    /// <summary>Signs two already encoded segments as they are.</summary>
    public static string Sign(TestKey key, string alg, string headerSegment, string payloadSegment)
    {
        var input = headerSegment + "." + payloadSegment;
        return input + "." + Base64Url.EncodeToString(key.Sign(alg, Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>Signs JSON texts (any text, valid JSON or not) with <paramref name="key"/>.</summary>
    public static string SignRaw(TestKey key, string alg, string headerJson, string payloadJson) =>
        Sign(key, alg, Segment(headerJson), Segment(payloadJson));

    /// <summary>An HS256 token with <paramref name="secret"/> as HMAC key (algorithm-confusion attacks).</summary>
    public static string Hmac(byte[] secret, JsonObject header, JsonObject claims)
    {
        var input = Segment(header.ToJsonString()) + "." + Segment(claims.ToJsonString());
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>base64url without padding.</summary>
    public static string Segment(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    public static string Segment(byte[] bytes) => Base64Url.EncodeToString(bytes);

    public static (string Header, string Payload, string Signature) Split(string token)
    {
        var parts = token.Split('.');
        return (parts[0], parts[1], parts[2]);
    }

    /// <summary>A JWKS document of the public keys.</summary>
    public static string Jwks(params TestKey[] keys) => Jwks(keys.Select(k => k.ToJwk()).ToArray());

    public static string Jwks(params JsonObject[] jwks) => new JsonObject { ["keys"] = new JsonArray([.. jwks]) }.ToJsonString();
}
