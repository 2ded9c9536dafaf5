using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AgentGateway.Hosting.Tokens;

/// <summary>Generates a signing key and writes it as a private JWK and a public JWK Set (RFC 7517, RFC 7518 §6).</summary>
internal static class KeyPairGenerator
{
    /// <summary>RSA modulus size: 2048 bits, as Auth0 and most identity providers use.</summary>
    public const int RsaKeySizeInBits = 2048;

    private const int KeyIdLength = 16;

    private static readonly JsonWriterOptions s_indented = new() { Indented = true };

    /// <summary>Generates a key for <paramref name="algorithm"/> (one of <see cref="JwsAlgorithms.Generated"/>).</summary>
    /// <param name="algorithm">The JWS algorithm.</param>
    /// <param name="keyId">The <c>kid</c>; null derives one from the key's RFC 7638 thumbprint.</param>
    public static GeneratedKeyPair Generate(string algorithm, string? keyId)
    {
        var curve = JwsAlgorithms.CurveOf(algorithm);
        if (JwsAlgorithms.IsRsa(algorithm))
        {
            using var rsa = RSA.Create(RsaKeySizeInBits);
            var parameters = rsa.ExportParameters(includePrivateParameters: true);
            try
            {
                // .NET exports the private values padded to their full length (d as long as n, the CRT values half
                // that), which is how RSA.ImportParameters wants them back; JOSE libraries accept the padding.
                (string, byte[])[] publicMembers = [("n", parameters.Modulus!), ("e", parameters.Exponent!)];
                (string, byte[])[] privateMembers =
                [
                    ("d", parameters.D!), ("p", parameters.P!), ("q", parameters.Q!),
                    ("dp", parameters.DP!), ("dq", parameters.DQ!), ("qi", parameters.InverseQ!),
                ];
                var thumbprintMembers = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["e"] = Base64Url.EncodeToString(parameters.Exponent),
                    ["kty"] = "RSA",
                    ["n"] = Base64Url.EncodeToString(parameters.Modulus),
                };
                return Build("RSA", algorithm, keyId, thumbprintMembers, [], publicMembers, privateMembers);
            }
            finally
            {
                Clear(parameters.D, parameters.P, parameters.Q, parameters.DP, parameters.DQ, parameters.InverseQ);
            }
        }

        if (curve is not null)
        {
            var namedCurve = curve switch
            {
                "P-256" => ECCurve.NamedCurves.nistP256,
                "P-384" => ECCurve.NamedCurves.nistP384,
                _ => ECCurve.NamedCurves.nistP521,
            };
            using var ecdsa = ECDsa.Create(namedCurve);
            var parameters = ecdsa.ExportParameters(includePrivateParameters: true);
            try
            {
                (string, byte[])[] publicMembers = [("x", parameters.Q.X!), ("y", parameters.Q.Y!)];
                (string, byte[])[] privateMembers = [("d", parameters.D!)];
                var thumbprintMembers = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["crv"] = curve,
                    ["kty"] = "EC",
                    ["x"] = Base64Url.EncodeToString(parameters.Q.X),
                    ["y"] = Base64Url.EncodeToString(parameters.Q.Y),
                };
                return Build("EC", algorithm, keyId, thumbprintMembers, [("crv", curve)], publicMembers, privateMembers);
            }
            finally
            {
                Clear(parameters.D);
            }
        }

        throw new ArgumentException($"'{algorithm}' is not an algorithm keygen supports.", nameof(algorithm));
    }

    /// <summary>The RFC 7638 JWK thumbprint (SHA-256, base64url) of the required public members, given sorted.</summary>
    public static string Thumbprint(SortedDictionary<string, string> requiredMembers)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in requiredMembers)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(SHA256.HashData(buffer.WrittenSpan));
    }

    private static GeneratedKeyPair Build(
        string keyType,
        string algorithm,
        string? keyId,
        SortedDictionary<string, string> thumbprintMembers,
        (string Name, string Value)[] textMembers,
        (string Name, byte[] Value)[] publicMembers,
        (string Name, byte[] Value)[] privateMembers)
    {
        // A short kid derived from the key itself: stable for the key, different for every key, nothing to invent.
        keyId ??= Thumbprint(thumbprintMembers)[..KeyIdLength];

        var privateJwk = WriteJson(writer => WriteJwk(writer, keyType, algorithm, keyId, textMembers, publicMembers, privateMembers));
        var publicJwks = WriteJson(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            WriteJwk(writer, keyType, algorithm, keyId, textMembers, publicMembers, privateMembers: []);
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        return new GeneratedKeyPair(keyId, algorithm, privateJwk, publicJwks);
    }

    private static void WriteJwk(
        Utf8JsonWriter writer,
        string keyType,
        string algorithm,
        string keyId,
        (string Name, string Value)[] textMembers,
        (string Name, byte[] Value)[] publicMembers,
        (string Name, byte[] Value)[] privateMembers)
    {
        writer.WriteStartObject();
        writer.WriteString("kty", keyType);
        writer.WriteString("use", "sig");
        writer.WriteString("alg", algorithm);
        writer.WriteString("kid", keyId);
        foreach (var (name, value) in textMembers)
        {
            writer.WriteString(name, value);
        }

        foreach (var (name, value) in publicMembers.Concat(privateMembers))
        {
            writer.WriteString(name, Base64Url.EncodeToString(value));
        }

        writer.WriteEndObject();
    }

    private static string WriteJson(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_indented))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void Clear(params byte[]?[] secrets)
    {
        foreach (var secret in secrets)
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
