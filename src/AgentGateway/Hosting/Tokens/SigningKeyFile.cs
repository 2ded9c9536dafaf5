using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace AgentGateway.Hosting.Tokens;

/// <summary>Reads the private JWK that <c>agentgateway keygen</c> writes (or any RSA/EC private JWK) for <c>token</c>.</summary>
/// <remarks>
/// Errors name the file and what is wrong, never the key's contents: a JSON error gives only the line number,
/// because System.Text.Json's own message quotes the offending character.
/// </remarks>
internal static class SigningKeyFile
{
    /// <summary>Reads and imports the key at <paramref name="path"/>.</summary>
    /// <exception cref="CommandLineException">The file is missing, unreadable, or not a usable private key.</exception>
    public static async Task<SigningKey> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new CommandLineException($"key file '{path}' is a directory; pass the private JWK inside it (private-key.jwk.json)");
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CommandLineException($"key file '{path}' not found; create one with 'agentgateway keygen --out <dir>'");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException($"cannot read key file '{path}': {ex.Message}");
        }

        try
        {
            using var document = ParseJson(path, bytes);
            return Import(path, document.RootElement);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static JsonDocument ParseJson(string path, byte[] bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new CommandLineException($"key file '{path}' is not valid JSON (line {(ex.LineNumber ?? 0) + 1}); expected a private JWK");
        }
    }

    private static SigningKey Import(string path, JsonElement jwk)
    {
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            throw new CommandLineException($"key file '{path}' is not a JWK (a JSON object with 'kty')");
        }

        if (jwk.TryGetProperty("keys", out _))
        {
            throw new CommandLineException(
                $"key file '{path}' is a JWK Set (public keys, like jwks.json), not a private key; pass the private JWK that 'agentgateway keygen' wrote (private-key.jwk.json)");
        }

        var keyType = GetString(path, jwk, "kty") ?? throw new CommandLineException($"key file '{path}' has no 'kty'; expected a private RSA or EC JWK");
        var keyId = GetString(path, jwk, "kid");
        var declared = GetString(path, jwk, "alg");
        var use = GetString(path, jwk, "use");
        if (use is not null and not "sig")
        {
            throw new CommandLineException($"key file '{path}' is an encryption key (use '{use}'); a signing key is needed");
        }

        if (!jwk.TryGetProperty("d", out _))
        {
            throw new CommandLineException(
                $"key file '{path}' holds a public key only; 'token' needs the private key (private-key.jwk.json from 'agentgateway keygen')");
        }

        return keyType switch
        {
            "RSA" => ImportRsa(path, jwk, Algorithm(path, declared, "RS256", rsa: true, curve: null), keyId),
            "EC" => ImportEc(path, jwk, declared, keyId),
            _ => throw new CommandLineException($"key file '{path}' has key type '{keyType}'; only RSA and EC keys are supported"),
        };
    }

    private static string Algorithm(string path, string? declared, string fallback, bool rsa, string? curve)
    {
        if (declared is null)
        {
            return fallback;
        }

        var algorithm = JwsAlgorithms.Find(JwsAlgorithms.Signing, declared)
            ?? throw new CommandLineException($"key file '{path}' names algorithm '{declared}', which 'token' cannot sign with (supported: {string.Join(", ", JwsAlgorithms.Signing)})");
        var fits = rsa ? JwsAlgorithms.IsRsa(algorithm) : JwsAlgorithms.CurveOf(algorithm) == curve;
        if (!fits)
        {
            throw new CommandLineException($"key file '{path}' names algorithm '{algorithm}', which does not fit its {(rsa ? "RSA" : curve)} key");
        }

        return algorithm;
    }

    private static SigningKey ImportRsa(string path, JsonElement jwk, string algorithm, string? keyId)
    {
        var parameters = new RSAParameters
        {
            Modulus = GetBytes(path, jwk, "n", required: true),
            Exponent = GetBytes(path, jwk, "e", required: true),
            D = GetBytes(path, jwk, "d", required: true),
            P = GetBytes(path, jwk, "p", required: false),
            Q = GetBytes(path, jwk, "q", required: false),
            DP = GetBytes(path, jwk, "dp", required: false),
            DQ = GetBytes(path, jwk, "dq", required: false),
            InverseQ = GetBytes(path, jwk, "qi", required: false),
        };
        var rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(parameters);
            if (rsa.KeySize < 2048)
            {
                throw new CommandLineException($"key file '{path}' holds a {rsa.KeySize}-bit RSA key; at least 2048 bits are needed");
            }

            return new SigningKey(rsa, algorithm, keyId);
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            throw new CommandLineException($"key file '{path}' is not a valid RSA private key (n, e, d, p, q, dp, dq and qi are needed)");
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
            CryptographicOperations.ZeroMemory(parameters.P);
            CryptographicOperations.ZeroMemory(parameters.Q);
            CryptographicOperations.ZeroMemory(parameters.DP);
            CryptographicOperations.ZeroMemory(parameters.DQ);
            CryptographicOperations.ZeroMemory(parameters.InverseQ);
        }
    }

    private static SigningKey ImportEc(string path, JsonElement jwk, string? declared, string? keyId)
    {
        var curveName = GetString(path, jwk, "crv") ?? throw new CommandLineException($"key file '{path}' is an EC key without 'crv'");
        var fallback = JwsAlgorithms.AlgorithmOfCurve(curveName)
            ?? throw new CommandLineException($"key file '{path}' has curve '{curveName}'; supported curves are P-256, P-384 and P-521");
        var algorithm = Algorithm(path, declared, fallback, rsa: false, curve: curveName);
        var parameters = new ECParameters
        {
            Curve = curveName switch
            {
                "P-256" => ECCurve.NamedCurves.nistP256,
                "P-384" => ECCurve.NamedCurves.nistP384,
                _ => ECCurve.NamedCurves.nistP521,
            },
            Q = new ECPoint { X = GetBytes(path, jwk, "x", required: true), Y = GetBytes(path, jwk, "y", required: true) },
            D = GetBytes(path, jwk, "d", required: true),
        };
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportParameters(parameters);
            return new SigningKey(ecdsa, algorithm, keyId);
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
            throw new CommandLineException($"key file '{path}' is not a valid EC private key on {curveName}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    private static string? GetString(string path, JsonElement jwk, string name)
    {
        if (!jwk.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new CommandLineException($"key file '{path}': '{name}' must be a string");
    }

    private static byte[]? GetBytes(string path, JsonElement jwk, string name, bool required)
    {
        var text = GetString(path, jwk, name);
        if (text is null)
        {
            return required ? throw new CommandLineException($"key file '{path}' has no '{name}'") : null;
        }

        try
        {
            return Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            throw new CommandLineException($"key file '{path}': '{name}' is not base64url");
        }
    }
}
