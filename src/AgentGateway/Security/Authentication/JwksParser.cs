using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.IdentityModel.Tokens;

namespace AgentGateway.Security.Authentication;

/// <summary>Turns a JWKS document (RFC 7517 §5) into usable public signing keys.</summary>
/// <remarks>
/// <para>
/// The document as a whole must be UTF-8 JSON, an object whose <c>keys</c> is an array of at most
/// <see cref="JwksOptions.MaxKeys"/> entries (a key-stuffed document is refused, not truncated), without duplicate
/// member names, and must yield at least one usable key; otherwise it is an error and the caller keeps its last
/// good set.
/// </para>
/// <para>
/// Single keys that do not fit are skipped, each with a reason, never fatal: <c>use</c> other than <c>sig</c>,
/// <c>key_ops</c> without <c>verify</c>, symmetric (<c>oct</c>) keys (a public document must never yield an HMAC
/// secret), <c>OKP</c> (Ed25519: Microsoft.IdentityModel 8.23.0 cannot verify it), unknown <c>kty</c>, an <c>alg</c>
/// that is not a supported signature algorithm for the key's type, keys carrying private members (<c>d</c>, <c>p</c>,
/// <c>q</c>…: a published private key is compromised), RSA moduli under 2048 bits, EC points not on their curve.
/// </para>
/// </remarks>
internal static class JwksParser
{
    private static readonly JsonDocumentOptions s_documentOptions = new() { AllowDuplicateProperties = false, MaxDepth = 16 };
    private static readonly string[] s_privateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    /// <summary>Smallest accepted RSA modulus. IdentityModel's own floor for verification is 1024; every mainstream IdP uses 2048+.</summary>
    public const int MinRsaKeySizeInBits = 2048;

    private const int MaxRsaKeySizeInBits = 16384;

    /// <summary>Parses <paramref name="utf8Json"/>.</summary>
    public static JwksParseResult Parse(ReadOnlyMemory<byte> utf8Json, int maxKeys, CryptoProviderFactory cryptoProviderFactory)
    {
        if (!Utf8.IsValid(utf8Json.Span))
        {
            return new JwksParseResult { Error = "not UTF-8" };
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, s_documentOptions);
        }
        catch (JsonException)
        {
            return new JwksParseResult { Error = "not JSON" };
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new JwksParseResult { Error = "not a JSON object" };
            }

            if (!root.TryGetProperty("keys", out var keysElement))
            {
                return new JwksParseResult { Error = "no 'keys' member" };
            }

            if (keysElement.ValueKind != JsonValueKind.Array)
            {
                return new JwksParseResult { Error = "'keys' is not an array" };
            }

            var count = keysElement.GetArrayLength();
            if (count > maxKeys)
            {
                return new JwksParseResult { Error = $"{count} keys, more than the limit of {maxKeys}" };
            }

            var keys = new List<JwksKey>(count);
            var hashes = new List<byte[]>(count);
            var skipped = new List<string>();
            var index = 0;
            foreach (var element in keysElement.EnumerateArray())
            {
                if (TryCreateKey(element, cryptoProviderFactory, out var key, out var hash, out var reason))
                {
                    keys.Add(key);
                    hashes.Add(hash);
                }
                else
                {
                    skipped.Add($"keys[{index}]{DescribeKid(element)}: {reason}");
                }

                index++;
            }

            if (keys.Count == 0)
            {
                return new JwksParseResult { Error = count == 0 ? "'keys' is empty" : "no usable signing key", Skipped = skipped };
            }

            return new JwksParseResult { Keys = keys, Fingerprint = CombineHashes(hashes), Skipped = skipped };
        }
    }

    private static bool TryCreateKey(JsonElement jwk, CryptoProviderFactory factory, out JwksKey key, out byte[] hash, out string reason)
    {
        key = null!;
        hash = [];
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            reason = "not a JSON object";
            return false;
        }

        if (!TryGetString(jwk, "kty", out var kty, out reason, required: true)
            || !TryGetString(jwk, "kid", out var kid, out reason)
            || !TryGetString(jwk, "use", out var use, out reason)
            || !TryGetString(jwk, "alg", out var alg, out reason))
        {
            return false;
        }

        if (use is not null && use != "sig")
        {
            reason = $"use is '{use}', not 'sig'";
            return false;
        }

        if (jwk.TryGetProperty("key_ops", out var keyOps) && !AllowsVerify(keyOps))
        {
            reason = "key_ops does not allow 'verify'";
            return false;
        }

        foreach (var member in s_privateMembers)
        {
            if (jwk.TryGetProperty(member, out _))
            {
                reason = kty == "oct" ? "symmetric (oct) keys are never used" : "the key contains private key material";
                return false;
            }
        }

        JwtAlgorithm? algorithm = null;
        if (alg is not null)
        {
            if (!JwtAlgorithms.TryParse(alg, out var parsed))
            {
                reason = $"alg '{alg}' is not a supported signature algorithm";
                return false;
            }

            algorithm = parsed;
        }

        switch (kty)
        {
            case "RSA":
                return TryCreateRsaKey(jwk, kid, algorithm, factory, out key, out hash, out reason);
            case "EC":
                return TryCreateEcKey(jwk, kid, algorithm, factory, out key, out hash, out reason);
            case "oct":
                reason = "symmetric (oct) keys are never used";
                return false;
            case "OKP":
                reason = "OKP (EdDSA) keys are not supported";
                return false;
            default:
                reason = $"unknown kty '{kty}'";
                return false;
        }
    }

    private static bool TryCreateRsaKey(JsonElement jwk, string? kid, JwtAlgorithm? algorithm, CryptoProviderFactory factory, out JwksKey key, out byte[] hash, out string reason)
    {
        key = null!;
        hash = [];
        if (algorithm is { } a && JwtAlgorithms.KeyType(a) != JwksKeyType.Rsa)
        {
            reason = $"alg '{JwtAlgorithms.Name(a)}' does not fit an RSA key";
            return false;
        }

        if (!TryGetBytes(jwk, "n", out var modulus, out reason) || !TryGetBytes(jwk, "e", out var exponent, out reason))
        {
            return false;
        }

        modulus = TrimLeadingZeros(modulus);
        exponent = TrimLeadingZeros(exponent);
        var bits = modulus.Length == 0 ? 0 : ((modulus.Length - 1) * 8) + (32 - int.LeadingZeroCount(modulus[0]));
        if (bits is < MinRsaKeySizeInBits or > MaxRsaKeySizeInBits)
        {
            reason = $"RSA modulus of {bits} bits (accepted: {MinRsaKeySizeInBits} to {MaxRsaKeySizeInBits})";
            return false;
        }

        if (exponent.Length is 0 or > 8 || (exponent[^1] & 1) == 0 || (exponent.Length == 1 && exponent[0] < 3))
        {
            reason = "invalid RSA exponent";
            return false;
        }

        var parameters = new RSAParameters { Modulus = modulus, Exponent = exponent };
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportParameters(parameters);
        }
        catch (CryptographicException)
        {
            reason = "invalid RSA public key";
            return false;
        }

        key = new JwksKey(kid, JwksKeyType.Rsa, null, algorithm, bits, new RsaSecurityKey(parameters) { KeyId = kid }, factory);
        hash = HashKey(kid, "RSA", algorithm, modulus, exponent);
        reason = "";
        return true;
    }

    private static bool TryCreateEcKey(JsonElement jwk, string? kid, JwtAlgorithm? algorithm, CryptoProviderFactory factory, out JwksKey key, out byte[] hash, out string reason)
    {
        key = null!;
        hash = [];
        if (!TryGetString(jwk, "crv", out var crv, out reason, required: true))
        {
            return false;
        }

        (ECCurve curve, int size, int bits) = crv switch
        {
            "P-256" => (ECCurve.NamedCurves.nistP256, 32, 256),
            "P-384" => (ECCurve.NamedCurves.nistP384, 48, 384),
            "P-521" => (ECCurve.NamedCurves.nistP521, 66, 521),
            _ => (default(ECCurve), 0, 0),
        };
        if (size == 0)
        {
            reason = $"unsupported curve '{crv}'";
            return false;
        }

        if (algorithm is { } a && !string.Equals(JwtAlgorithms.Curve(a), crv, StringComparison.Ordinal))
        {
            reason = $"alg '{JwtAlgorithms.Name(a)}' does not fit an EC {crv} key";
            return false;
        }

        if (!TryGetBytes(jwk, "x", out var x, out reason) || !TryGetBytes(jwk, "y", out var y, out reason))
        {
            return false;
        }

        if (x.Length != size || y.Length != size)
        {
            reason = $"EC coordinates are not {size} bytes";
            return false;
        }

        ECDsa ecdsa;
        try
        {
            // Import checks that the point lies on the curve.
            ecdsa = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = x, Y = y } });
        }
        catch (CryptographicException)
        {
            reason = "invalid EC public key";
            return false;
        }

        key = new JwksKey(kid, JwksKeyType.EllipticCurve, crv, algorithm, bits, new ECDsaSecurityKey(ecdsa) { KeyId = kid }, factory);
        hash = HashKey(kid, crv!, algorithm, x, y);
        reason = "";
        return true;
    }

    private static bool TryGetString(JsonElement jwk, string name, out string? value, out string reason, bool required = false)
    {
        value = null;
        reason = "";
        if (!jwk.TryGetProperty(name, out var element))
        {
            if (required)
            {
                reason = $"no '{name}'";
                return false;
            }

            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            reason = $"'{name}' is not a string";
            return false;
        }

        value = element.GetString();
        return true;
    }

    private static bool TryGetBytes(JsonElement jwk, string name, out byte[] value, out string reason)
    {
        value = [];
        if (!TryGetString(jwk, name, out var text, out reason, required: true))
        {
            return false;
        }

        try
        {
            value = Base64Url.DecodeFromChars(text);
            return true;
        }
        catch (FormatException)
        {
            reason = $"'{name}' is not base64url";
            return false;
        }
    }

    private static bool AllowsVerify(JsonElement keyOps)
    {
        if (keyOps.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var verify = false;
        foreach (var op in keyOps.EnumerateArray())
        {
            if (op.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            verify |= op.ValueEquals("verify");
        }

        return verify;
    }

    private static byte[] TrimLeadingZeros(byte[] value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        return start == 0 ? value : value[start..];
    }

    private static byte[] HashKey(string? kid, string type, JwtAlgorithm? algorithm, byte[] first, byte[] second)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var header = $"{kid?.Length ?? -1}:{kid}|{type}|{(algorithm is { } a ? JwtAlgorithms.Name(a) : "")}|{first.Length}|{second.Length}|";
        hash.AppendData(Encoding.UTF8.GetBytes(header));
        hash.AppendData(first);
        hash.AppendData(second);
        return hash.GetHashAndReset();
    }

    private static byte[] CombineHashes(List<byte[]> hashes)
    {
        hashes.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var h in hashes)
        {
            hash.AppendData(h);
        }

        return hash.GetHashAndReset();
    }

    private static string DescribeKid(JsonElement jwk) =>
        jwk.ValueKind == JsonValueKind.Object && jwk.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String
            ? $" (kid '{kid.GetString()}')"
            : "";
}
