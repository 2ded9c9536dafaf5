using System.Text;
using System.Text.Json.Nodes;
using AgentGateway.Security.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace AgentGateway.Tests.Security.Authentication;

public sealed class JwksParserTests
{
    private static JwksParseResult Parse(string json, int maxKeys = 100) =>
        JwksParser.Parse(Encoding.UTF8.GetBytes(json), maxKeys, new CryptoProviderFactory());

    private static JwksParseResult ParseKeys(params JsonObject[] keys) => Parse(TestTokenFactory.Jwks(keys));

    [Fact]
    public void Parse_SupportedKeys_AllUsable()
    {
        var result = ParseKeys(TestKeys.Rsa.ToJwk(), TestKeys.RsaPss.ToJwk(withAlg: false, use: null), TestKeys.Ec256.ToJwk(), TestKeys.Ec384.ToJwk());

        Assert.True(result.Success);
        Assert.Equal(4, result.Keys.Count);
        Assert.Empty(result.Skipped);
        Assert.Equal(JwksKeyType.EllipticCurve, result.Keys[2].KeyType);
        Assert.Equal("P-384", result.Keys[3].Curve);
        Assert.Equal(2048, result.Keys[0].KeySizeInBits);
    }

    [Theory]
    [InlineData("use-enc")]
    [InlineData("key-ops-without-verify")]
    [InlineData("oct")]
    [InlineData("okp")]
    [InlineData("unknown-kty")]
    [InlineData("kty-missing")]
    [InlineData("rsa-1024")]
    [InlineData("rsa-bad-base64")]
    [InlineData("rsa-even-exponent")]
    [InlineData("ec-not-on-curve")]
    [InlineData("ec-short-coordinate")]
    [InlineData("ec-unknown-curve")]
    [InlineData("alg-encryption")]
    [InlineData("alg-of-other-type")]
    [InlineData("alg-of-other-curve")]
    [InlineData("alg-hmac")]
    [InlineData("private-key")]
    [InlineData("kid-number")]
    [InlineData("not-an-object")]
    public void Parse_UnusableKey_SkippedAndTheOthersKept(string variant)
    {
        var rsa = TestKeys.Rsa2.ToJwk();
        JsonNode bad = variant switch
        {
            "use-enc" => rsa.Also(k => k["use"] = "enc"),
            "key-ops-without-verify" => rsa.Also(k => k["key_ops"] = new JsonArray("encrypt")),
            "oct" => new JsonObject { ["kty"] = "oct", ["k"] = "c2VjcmV0" },
            "okp" => new JsonObject { ["kty"] = "OKP", ["crv"] = "Ed25519", ["x"] = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" },
            "unknown-kty" => rsa.Also(k => k["kty"] = "RSA2"),
            "kty-missing" => rsa.Also(k => k.Remove("kty")),
            "rsa-1024" => TestKey.CreateRsa("small", "RS256", 1024).ToJwk(),
            "rsa-bad-base64" => rsa.Also(k => k["n"] = "***"),
            "rsa-even-exponent" => rsa.Also(k => k["e"] = "AQAA"),
            "ec-not-on-curve" => TestKeys.Ec256.ToJwk().Also(k => k["y"] = k["x"]!.GetValue<string>()),
            "ec-short-coordinate" => TestKeys.Ec256.ToJwk().Also(k => k["x"] = "AAAA"),
            "ec-unknown-curve" => TestKeys.Ec256.ToJwk().Also(k => k["crv"] = "secp256k1"),
            "alg-encryption" => rsa.Also(k => k["alg"] = "RSA-OAEP"),
            "alg-of-other-type" => rsa.Also(k => k["alg"] = "ES256"),
            "alg-of-other-curve" => TestKeys.Ec256.ToJwk().Also(k => k["alg"] = "ES384"),
            "alg-hmac" => rsa.Also(k => k["alg"] = "HS256"),
            "private-key" => rsa.Also(k => k["d"] = "AQAB"),
            "kid-number" => rsa.Also(k => k["kid"] = 7),
            _ => JsonValue.Create("key"),
        };
        var json = new JsonObject { ["keys"] = new JsonArray(bad, TestKeys.Rsa.ToJwk()) }.ToJsonString();

        var result = Parse(json);

        Assert.True(result.Success, result.Error);
        Assert.Equal(["rsa-1"], result.Keys.Select(k => k.KeyId));
        Assert.Single(result.Skipped);
        Assert.StartsWith("keys[0]", result.Skipped[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html></html>")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"keys":null}""")]
    [InlineData("""{"keys":[]}""")]
    [InlineData("""{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}""")]
    [InlineData("""{"keys":[],"keys":[]}""")]
    public void Parse_Garbage_IsAnError(string json)
    {
        var result = Parse(json);

        Assert.False(result.Success);
        Assert.Empty(result.Keys);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public void Parse_MoreKeysThanTheLimit_IsAnError()
    {
        var result = Parse(TestTokenFactory.Jwks(TestKeys.Rsa, TestKeys.Rsa2, TestKeys.Ec256), maxKeys: 2);

        Assert.False(result.Success);
    }

    [Fact]
    public void Parse_InvalidUtf8_IsAnError()
    {
        var bytes = Encoding.UTF8.GetBytes(TestTokenFactory.Jwks(TestKeys.Rsa)).Append((byte)0xFF).ToArray();

        Assert.False(JwksParser.Parse(bytes, 100, new CryptoProviderFactory()).Success);
    }

    [Fact]
    public void Fingerprint_IgnoresOrderAndUnusableKeys_ButSeesMaterialChanges()
    {
        var a = ParseKeys(TestKeys.Rsa.ToJwk(), TestKeys.Ec256.ToJwk());
        var b = ParseKeys(TestKeys.Ec256.ToJwk(), TestKeys.Rsa.ToJwk(), new JsonObject { ["kty"] = "oct", ["k"] = "c2VjcmV0" });
        var c = ParseKeys(TestKeys.Rsa2.WithKid("rsa-1").ToJwk(), TestKeys.Ec256.ToJwk());

        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, c.Fingerprint);
    }
}
