using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace AgentGateway.Tests.Security.Authentication;

/// <summary>A key pair minted for tests, with its public JWK and a signer for every algorithm it can make.</summary>
internal sealed class TestKey
{
    private TestKey(string kid, string alg, RSA? rsa, ECDsa? ec, string? curve)
    {
        Kid = kid;
        Alg = alg;
        Rsa = rsa;
        Ec = ec;
        Curve = curve;
    }

    public string Kid { get; }

    /// <summary>The algorithm written into tokens by default (and into the JWK unless asked not to).</summary>
    public string Alg { get; }

    public RSA? Rsa { get; }

    public ECDsa? Ec { get; }

    public string? Curve { get; }

    public static TestKey CreateRsa(string kid, string alg = "RS256", int bits = 2048) => new(kid, alg, RSA.Create(bits), null, null);

    public static TestKey CreateEc(string kid, string curve, string alg)
    {
        var named = curve switch
        {
            "P-256" => ECCurve.NamedCurves.nistP256,
            "P-384" => ECCurve.NamedCurves.nistP384,
            _ => ECCurve.NamedCurves.nistP521,
        };
        return new(kid, alg, null, ECDsa.Create(named), curve);
    }

    /// <summary>The same key material under another kid/alg (rotation tests).</summary>
    public TestKey WithKid(string kid, string? alg = null) => new(kid, alg ?? Alg, Rsa, Ec, Curve);

    /// <summary>The public JWK. <paramref name="withAlg"/> writes <c>alg</c>; <paramref name="kid"/> null omits <c>kid</c>.</summary>
    public JsonObject ToJwk(bool withAlg = true, bool withKid = true, string? use = "sig")
    {
        var jwk = new JsonObject();
        if (Rsa is not null)
        {
            var p = Rsa.ExportParameters(false);
            jwk["kty"] = "RSA";
            jwk["n"] = Base64Url.EncodeToString(p.Modulus);
            jwk["e"] = Base64Url.EncodeToString(p.Exponent);
        }
        else
        {
            var p = Ec!.ExportParameters(false);
            jwk["kty"] = "EC";
            jwk["crv"] = Curve;
            jwk["x"] = Base64Url.EncodeToString(p.Q.X);
            jwk["y"] = Base64Url.EncodeToString(p.Q.Y);
        }

        if (withKid)
        {
            jwk["kid"] = Kid;
        }

        if (use is not null)
        {
            jwk["use"] = use;
        }

        if (withAlg)
        {
            jwk["alg"] = Alg;
        }

        return jwk;
    }

    /// <summary>Signs <paramref name="input"/> as <paramref name="alg"/> (RS*, PS*, ES*).</summary>
    public byte[] Sign(string alg, byte[] input)
    {
        var hash = alg[2..] switch
        {
            "256" => HashAlgorithmName.SHA256,
            "384" => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        };
        return alg[..2] switch
        {
            "RS" => Rsa!.SignData(input, hash, RSASignaturePadding.Pkcs1),
            "PS" => Rsa!.SignData(input, hash, RSASignaturePadding.Pss),
            "ES" => Ec!.SignData(input, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new ArgumentException($"cannot sign {alg}"),
        };
    }
}
