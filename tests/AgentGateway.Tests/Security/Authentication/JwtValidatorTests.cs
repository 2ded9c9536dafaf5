using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentGateway.Security.Authentication;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentGateway.Tests.Security.Authentication;

/// <summary>
/// The bad-token table (research/peers.md §3.4, rows 3–24) and the accepted shapes, against a real JWKS server.
/// Every rejection decided without a key asserts that no JWKS fetch and no signature check happened.
/// </summary>
public sealed class JwtValidatorTests(JwksServerFixture server) : IClassFixture<JwksServerFixture>
{
    private Task<JwtTestContext> CreateAsync(Func<JwtProviderSettings, JwtProviderSettings>? configure = null, params TestKey[] keys) =>
        JwtTestContext.CreateAsync(server, keys.Length == 0 ? [TestKeys.Rsa, TestKeys.RsaPss, TestKeys.Ec256, TestKeys.Ec384] : keys, configure);

    // ---- accepted tokens ----

    [Theory]
    [InlineData("rsa-1")]
    [InlineData("rsa-pss")]
    [InlineData("ec-256")]
    [InlineData("ec-384")]
    public async Task Validate_SignedBySupportedKey_IsValid(string kid)
    {
        await using var ctx = await CreateAsync();
        var key = new[] { TestKeys.Rsa, TestKeys.RsaPss, TestKeys.Ec256, TestKeys.Ec384 }.Single(k => k.Kid == kid);

        var result = await ctx.ValidateAsync(ctx.Token(key));

        Assert.True(result.IsValid, result.Reason.ToString());
        Assert.Equal(JwtFailureReason.None, result.Reason);
        Assert.Equal(TestTokenFactory.Issuer, result.Issuer);
        Assert.Equal("auth0|user-1", result.Subject);
        Assert.Equal(ctx.Now.AddHours(1).ToUnixTimeSeconds(), result.ExpiresAt!.Value.ToUnixTimeSeconds());
        Assert.Equal("read:tools", result.Claims.GetProperty("permissions")[0].GetString());
        Assert.Equal(1, ctx.Provider.FetchCount);
    }

    [Fact]
    public async Task Validate_AudienceArrayWithUserinfo_IsValid()
    {
        await using var ctx = await CreateAsync();
        var token = ctx.Token(TestKeys.Rsa, c => c["aud"] = new JsonArray(TestTokenFactory.Audience, "https://tenant.auth0.com/userinfo"));

        Assert.True((await ctx.ValidateAsync(token)).IsValid);
    }

    [Fact]
    public async Task Validate_NoAudienceConfigured_AcceptsAnyWellTypedAudience()
    {
        await using var ctx = await CreateAsync(s => s with { Audiences = [] });

        Assert.True((await ctx.ValidateAsync(ctx.Token(TestKeys.Rsa, c => c["aud"] = "https://other.example.com"))).IsValid);
        Assert.True((await ctx.ValidateAsync(ctx.Token(TestKeys.Rsa, c => c.Remove("aud")))).IsValid);
        await ctx.AssertRejectedBeforeKeyLookupAsync(ctx.Token(TestKeys.Rsa, c => c["aud"] = 5), JwtFailureReason.InvalidClaimType);
    }

    [Fact]
    public async Task Validate_NoKidAndSingleKey_IsValid()
    {
        await using var ctx = await CreateAsync(null, TestKeys.Rsa);

        Assert.True((await ctx.ValidateAsync(ctx.Token(TestKeys.Rsa, withKid: false))).IsValid);
    }

    [Fact]
    public async Task Validate_NoKidAndOneKeyFittingTheAlgorithm_IsValid()
    {
        await using var ctx = await CreateAsync(null, TestKeys.Rsa, TestKeys.Ec256);

        Assert.True((await ctx.ValidateAsync(ctx.Token(TestKeys.Ec256, withKid: false))).IsValid);
    }

    [Fact]
    public async Task Validate_FractionalExp_IsValidAndTruncated()
    {
        await using var ctx = await CreateAsync();
        var exp = ctx.Now.AddMinutes(10).ToUnixTimeSeconds();
        var token = ctx.Token(TestKeys.Rsa, c => c["exp"] = exp + 0.75);

        var result = await ctx.ValidateAsync(token);

        Assert.True(result.IsValid);
        Assert.Equal(exp, result.ExpiresAt!.Value.ToUnixTimeSeconds());
        Assert.Equal(exp + 0.75, result.Claims.GetProperty("exp").GetDouble());
    }

    [Fact]
    public async Task Validate_ClaimsKeepTheirJsonTypes()
    {
        await using var ctx = await CreateAsync();
        var token = ctx.Token(TestKeys.Rsa, c =>
        {
            c["permissions"] = "read:tools write:tools";
            c["https://example.com/roles"] = new JsonArray("admin");
            c["nested"] = new JsonObject { ["a.b"] = 1 };
        });

        var result = await ctx.ValidateAsync(token);

        Assert.True(result.IsValid);
        Assert.Equal(JsonValueKind.String, result.Claims.GetProperty("permissions").ValueKind);
        Assert.Equal("admin", result.Claims.GetProperty("https://example.com/roles")[0].GetString());
        Assert.Equal(1, result.Claims.GetProperty("nested").GetProperty("a.b").GetInt32());
    }

    // ---- row 3: malformed ----

    [Theory]
    [InlineData("empty")]
    [InlineData("one-segment")]
    [InlineData("two-segments")]
    [InlineData("four-segments")]
    [InlineData("empty-header")]
    [InlineData("empty-payload")]
    [InlineData("empty-signature")]
    [InlineData("padding")]
    [InlineData("plus")]
    [InlineData("slash")]
    [InlineData("space")]
    [InlineData("newline")]
    [InlineData("star")]
    [InlineData("length-mod-4-is-1")]
    [InlineData("non-canonical-last-char")]
    [InlineData("header-not-json")]
    [InlineData("payload-not-json")]
    [InlineData("payload-trailing-garbage")]
    [InlineData("header-array")]
    [InlineData("payload-array")]
    [InlineData("payload-string")]
    [InlineData("header-invalid-utf8")]
    [InlineData("payload-invalid-utf8")]
    [InlineData("alg-missing")]
    [InlineData("alg-number")]
    [InlineData("alg-null")]
    [InlineData("kid-number")]
    [InlineData("kid-null")]
    [InlineData("typ-number")]
    [InlineData("duplicate-header-member")]
    [InlineData("duplicate-payload-member")]
    public async Task Validate_Malformed_RejectedWithoutFetch(string variant)
    {
        await using var ctx = await CreateAsync();
        var good = ctx.Token(TestKeys.Rsa);
        var (h, p, s) = TestTokenFactory.Split(good);
        var header = TestTokenFactory.Header(TestKeys.Rsa).ToJsonString();
        var payload = ctx.Claims().ToJsonString();
        string Signed(string headerJson, string payloadJson) => TestTokenFactory.SignRaw(TestKeys.Rsa, "RS256", headerJson, payloadJson);
        string SignedBytes(byte[] headerBytes, byte[] payloadBytes) =>
            TestTokenFactory.Sign(TestKeys.Rsa, "RS256", TestTokenFactory.Segment(headerBytes), TestTokenFactory.Segment(payloadBytes));

        var token = variant switch
        {
            "empty" => "",
            "one-segment" => h,
            "two-segments" => $"{h}.{p}",
            "four-segments" => $"{good}.{s}",
            "empty-header" => $".{p}.{s}",
            "empty-payload" => $"{h}..{s}",
            "empty-signature" => $"{h}.{p}.",
            "padding" => $"{h}.{PaddedPayload(ctx)}.{s}",
            "plus" => $"{h}.{p}.+{s[1..]}",
            "slash" => $"{h}.{p}.{s[..^1]}/",
            "space" => $"{h}.{p[..10]} {p[10..]}.{s}",
            "newline" => $"{h}.{p}\n.{s}",
            "star" => $"{h}*.{p}.{s}",
            "length-mod-4-is-1" => $"{h}.{p}.{s}{(s.Length % 4 == 0 ? "A" : s.Length % 4 == 2 ? "AAA" : "AA")}",
            "non-canonical-last-char" => NonCanonical(good),
            "header-not-json" => Signed("not json", payload),
            "payload-not-json" => Signed(header, "{\"iss\":"),
            "payload-trailing-garbage" => Signed(header, payload + "x"),
            "header-array" => Signed("[" + header + "]", payload),
            "payload-array" => Signed(header, "[" + payload + "]"),
            "payload-string" => Signed(header, "\"x\""),
            "header-invalid-utf8" => SignedBytes([.. "{\"alg\":\"RS256\",\"x\":\""u8, 0xC3, 0x28, .. "\"}"u8], Encoding.UTF8.GetBytes(payload)),
            "payload-invalid-utf8" => SignedBytes(Encoding.UTF8.GetBytes(header), [.. Encoding.UTF8.GetBytes(payload[..^1]), .. ",\"name\":\""u8, 0xFF, 0xFE, .. "\"}"u8]),
            "alg-missing" => Signed("""{"typ":"JWT","kid":"rsa-1"}""", payload),
            "alg-number" => Signed("""{"alg":256,"kid":"rsa-1"}""", payload),
            "alg-null" => Signed("""{"alg":null,"kid":"rsa-1"}""", payload),
            "kid-number" => Signed("""{"alg":"RS256","kid":1}""", payload),
            "kid-null" => Signed("""{"alg":"RS256","kid":null}""", payload),
            "typ-number" => Signed("""{"alg":"RS256","kid":"rsa-1","typ":1}""", payload),
            "duplicate-header-member" => Signed("""{"alg":"RS256","kid":"rsa-1","alg":"none"}""", payload),
            "duplicate-payload-member" => Signed(header, payload[..^1] + ",\"iss\":\"https://evil.example.com/\"}"),
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };

        await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.Malformed);
    }

    private static string PaddedPayload(JwtTestContext ctx)
    {
        var json = ctx.Claims().ToJsonString();
        while (Encoding.UTF8.GetByteCount(json) % 3 == 0)
        {
            json += " ";
        }

        var padded = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).Replace('+', '-').Replace('/', '_');
        Assert.EndsWith("=", padded, StringComparison.Ordinal);
        return padded;
    }

    private static string NonCanonical(string token)
    {
        // Find a segment whose length leaves unused bits in its last character, and set them.
        var parts = token.Split('.');
        var i = Array.FindIndex(parts, p => p.Length % 4 is 2 or 3);
        Assert.True(i >= 0);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = alphabet.IndexOf(parts[i][^1], StringComparison.Ordinal);
        parts[i] = parts[i][..^1] + alphabet[last | 1];
        return string.Join('.', parts);
    }

    // ---- row 4: oversized ----

    [Fact]
    public async Task Validate_LargerThanCap_RejectedWithoutDecoding()
    {
        await using var ctx = await CreateAsync();
        var token = ctx.Token(TestKeys.Rsa, c => c["pad"] = new string('x', 16 * 1024));

        await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.TooLarge);
        await ctx.AssertRejectedBeforeKeyLookupAsync(new string('.', 20_000), JwtFailureReason.TooLarge);
    }

    [Fact]
    public async Task Validate_LengthAtCap_IsValidAndOneOver_TooLarge()
    {
        await using var ctx = await CreateAsync();
        var token = ctx.Token(TestKeys.Rsa);
        var atCap = new JwtValidator([(ctx.Settings, ctx.Provider)], ctx.Time, NullLogger.Instance, new JwtValidatorOptions { MaxTokenLength = token.Length });
        var belowCap = new JwtValidator([(ctx.Settings, ctx.Provider)], ctx.Time, NullLogger.Instance, new JwtValidatorOptions { MaxTokenLength = token.Length - 1 });

        Assert.True((await atCap.ValidateAsync(token, TestContext.Current.CancellationToken)).IsValid);
        Assert.Equal(JwtFailureReason.TooLarge, (await belowCap.ValidateAsync(token, TestContext.Current.CancellationToken)).Reason);
        Assert.Equal(0, belowCap.SignatureVerifications);
    }

    // ---- row 5: alg none / unsigned ----

    [Theory]
    [InlineData("none", "")]
    [InlineData("none", "c2lnbmF0dXJl")]
    [InlineData("None", "")]
    [InlineData("NONE", "")]
    public async Task Validate_AlgNone_Rejected(string alg, string signature)
    {
        await using var ctx = await CreateAsync();
        var header = TestTokenFactory.Segment($$"""{"alg":"{{alg}}","typ":"JWT","kid":"rsa-1"}""");
        var token = $"{header}.{TestTokenFactory.Segment(ctx.Claims().ToJsonString())}.{signature}";

        await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.UnsupportedAlgorithm);
    }

    // ---- row 6: algorithm not allowed for the issuer ----

    [Theory]
    [InlineData("RS512")]
    [InlineData("PS256")]
    [InlineData("ES256")]
    public async Task Validate_AlgorithmOutsideIssuerAllowList_Rejected(string alg)
    {
        // Keys without an alg of their own, so only the allow-list stands in the way.
        var rsa = TestKeys.Rsa.WithKid("plain-rsa", alg.StartsWith("ES", StringComparison.Ordinal) ? "RS256" : alg);
        var ec = TestKeys.Ec256.WithKid("plain-ec");
        await using var ctx = await JwtTestContext.CreateAsync(server, [], s => s with { Algorithms = ["RS256"] });
        ctx.Endpoint.Body = TestTokenFactory.Jwks(rsa.ToJwk(withAlg: false), ec.ToJwk(withAlg: false));
        var key = alg.StartsWith("ES", StringComparison.Ordinal) ? ec : rsa;

        await ctx.AssertRejectedBeforeKeyLookupAsync(ctx.Token(key, alg: alg), JwtFailureReason.UnsupportedAlgorithm);
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("HS384")]
    [InlineData("HS512")]
    [InlineData("EdDSA")]
    [InlineData("RS1")]
    [InlineData("rs256")]
    [InlineData("")]
    public async Task Validate_UnsupportedAlgorithm_Rejected(string alg)
    {
        await using var ctx = await CreateAsync();
        var token = TestTokenFactory.SignRaw(TestKeys.Rsa, "RS256", $$"""{"alg":"{{alg}}","kid":"rsa-1"}""", ctx.Claims().ToJsonString());

        await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.UnsupportedAlgorithm);
    }

    [Fact]
    public void Constructor_AllowListWithForbiddenAlgorithm_Throws()
    {
        var provider = new JwksProvider(new JwksInlineSource(TestTokenFactory.Jwks(TestKeys.Rsa)), new JwksOptions(), server.Client, TimeProvider.System, NullLogger.Instance);
        foreach (var alg in new[] { "none", "HS256", "EdDSA", "rs256" })
        {
            var settings = new JwtProviderSettings { Issuer = "i", Jwks = provider.Source, Algorithms = [alg] };
            Assert.Throws<ArgumentException>(() => new JwtValidator([(settings, provider)], TimeProvider.System, NullLogger.Instance));
        }
    }

    // ---- row 7: HS256 signed with the RSA public key (algorithm confusion) ----

    [Theory]
    [InlineData("spki-der")]
    [InlineData("spki-pem")]
    [InlineData("modulus")]
    [InlineData("jwk-json")]
    [InlineData("jwks-json")]
    public async Task Validate_Hs256WithPublicKeyAsSecret_Rejected(string secretForm)
    {
        await using var ctx = await CreateAsync();
        var rsa = TestKeys.Rsa.Rsa!;
        byte[] secret = secretForm switch
        {
            "spki-der" => rsa.ExportSubjectPublicKeyInfo(),
            "spki-pem" => Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()),
            "modulus" => rsa.ExportParameters(false).Modulus!,
            "jwk-json" => Encoding.UTF8.GetBytes(TestKeys.Rsa.ToJwk().ToJsonString()),
            _ => Encoding.UTF8.GetBytes(ctx.Endpoint.Body),
        };
        var token = TestTokenFactory.Hmac(secret, TestTokenFactory.Header(TestKeys.Rsa, "HS256"), ctx.Claims());

        await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.UnsupportedAlgorithm);
    }

    // ---- row 8: keys supplied by the token ----

    [Theory]
    [InlineData("jwk")]
    [InlineData("jku")]
    [InlineData("x5u")]
    [InlineData("x5c")]
    public async Task Validate_KeyCarryingHeader_RejectedAndNeverFollowed(string name)
    {
        await using var ctx = await CreateAsync();
        var lure = server.CreateEndpoint(TestKeys.Attacker);
        JsonNode value = name switch
        {
            "jwk" => TestKeys.Attacker.ToJwk(),
            "x5c" => new JsonArray("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"),
            _ => lure.Url.ToString(),
        };
        var token = ctx.Token(TestKeys.Attacker, header: h => h[name] = value);

        await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.ForbiddenHeader);
        Assert.Equal(0, lure.Requests);
    }

    [Fact]
    public async Task Validate_KeyCarryingHeaderOnOtherwiseValidToken_Rejected()
    {
        await using var ctx = await CreateAsync();
        var token = ctx.Token(TestKeys.Rsa, header: h => h["jwk"] = TestKeys.Rsa.ToJwk());

        await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.ForbiddenHeader);
    }

    [Fact]
    public async Task Validate_X5tThumbprintHeader_IsAllowed()
    {
        await using var ctx = await CreateAsync();
        var token = ctx.Token(TestKeys.Rsa, header: h => h["x5t"] = "dGh1bWJwcmludA");

        Assert.True((await ctx.ValidateAsync(token)).IsValid);
    }

    // ---- row 9: unknown kid ----

    [Fact]
    public async Task Validate_UnknownKid_OneRefetchThenUnknownKey()
    {
        await using var ctx = await CreateAsync();

        var result = await ctx.ValidateAsync(ctx.Token(TestKeys.Attacker));

        Assert.Equal(JwtFailureReason.UnknownKey, result.Reason);
        Assert.Equal(2, ctx.Provider.FetchCount);
        Assert.Equal(2, ctx.Endpoint.Requests);
        Assert.Equal(0, ctx.Validator.SignatureVerifications);
    }

    // ---- row 10: missing kid with several keys ----

    [Fact]
    public async Task Validate_NoKidAndSeveralFittingKeys_UnknownKey()
    {
        await using var ctx = await CreateAsync(null, TestKeys.Rsa, TestKeys.Rsa2);
        var token = ctx.Token(TestKeys.Rsa, withKid: false);

        var result = await ctx.ValidateAsync(token);

        Assert.Equal(JwtFailureReason.UnknownKey, result.Reason);
        Assert.Equal(1, ctx.Provider.FetchCount);
        Assert.Equal(0, ctx.Validator.SignatureVerifications);
    }

    [Fact]
    public async Task Validate_NoKidAndNoFittingKey_UnknownKey()
    {
        await using var ctx = await CreateAsync(null, TestKeys.Rsa);

        Assert.Equal(JwtFailureReason.UnknownKey, (await ctx.ValidateAsync(ctx.Token(TestKeys.Ec256, withKid: false))).Reason);
    }

    // ---- key/alg fit (jwt_verify_lib JwksKidAlgMismatch) ----

    [Fact]
    public async Task Validate_AlgorithmDiffersFromJwkAlg_KeyAlgorithmMismatch()
    {
        await using var ctx = await CreateAsync();

        // The JWK of rsa-1 says RS256; PS256 and RS512 with the same RSA key verify cryptographically but are refused.
        Assert.Equal(JwtFailureReason.KeyAlgorithmMismatch, (await ctx.ValidateAsync(ctx.Token(TestKeys.Rsa, alg: "PS256"))).Reason);
        Assert.Equal(JwtFailureReason.KeyAlgorithmMismatch, (await ctx.ValidateAsync(ctx.Token(TestKeys.Rsa, alg: "RS512"))).Reason);
        Assert.Equal(0, ctx.Validator.SignatureVerifications);
        Assert.Equal(1, ctx.Provider.FetchCount);
    }

    [Fact]
    public async Task Validate_AlgorithmOfOtherKeyTypeOrCurve_KeyAlgorithmMismatch()
    {
        await using var ctx = await CreateAsync();

        // ES256 header with the RSA key's kid; ES384 header with the P-256 key's kid.
        var esWithRsaKid = TestTokenFactory.Create(TestKeys.Ec256, ctx.Claims(), header: h => h["kid"] = "rsa-1");
        var es384WithP256Kid = TestTokenFactory.Create(TestKeys.Ec384, ctx.Claims(), header: h => h["kid"] = "ec-256");

        Assert.Equal(JwtFailureReason.KeyAlgorithmMismatch, (await ctx.ValidateAsync(esWithRsaKid)).Reason);
        Assert.Equal(JwtFailureReason.KeyAlgorithmMismatch, (await ctx.ValidateAsync(es384WithP256Kid)).Reason);
        Assert.Equal(0, ctx.Validator.SignatureVerifications);
    }

    [Fact]
    public async Task Validate_KeyWithoutAlg_AcceptsEveryAlgorithmOfItsFamily()
    {
        var plain = TestKeys.Rsa.WithKid("plain");
        await using var ctx = await JwtTestContext.CreateAsync(server, []);
        ctx.Endpoint.Body = TestTokenFactory.Jwks(plain.ToJwk(withAlg: false));
        await ctx.Provider.TryForceRefreshAsync(TestContext.Current.CancellationToken);

        foreach (var alg in new[] { "RS256", "RS384", "RS512", "PS256", "PS384", "PS512" })
        {
            Assert.True((await ctx.ValidateAsync(ctx.Token(plain, alg: alg))).IsValid, alg);
        }
    }

    // ---- row 11: same kid, rotated key material ----

    [Fact]
    public async Task Validate_SameKidWithReplacedKeyMaterial_AcceptedAfterOneRefetch()
    {
        await using var ctx = await CreateAsync(null, TestKeys.Rsa);
        var replacement = TestKeys.Rsa2.WithKid("rsa-1");
        ctx.Endpoint.SetKeys(replacement);

        var result = await ctx.ValidateAsync(ctx.Token(replacement));

        Assert.True(result.IsValid, result.Reason.ToString());
        Assert.Equal(2, ctx.Provider.FetchCount);
        Assert.Equal(2, ctx.Validator.SignatureVerifications);
    }

    [Fact]
    public async Task Validate_KnownKidSignedByOtherKey_InvalidSignatureAndRefetchRateLimited()
    {
        await using var ctx = await CreateAsync(null, TestKeys.Rsa);

        var first = await ctx.ValidateAsync(ctx.Token(TestKeys.Attacker.WithKid("rsa-1")));
        var second = await ctx.ValidateAsync(ctx.Token(TestKeys.Attacker.WithKid("rsa-1"), c => c["sub"] = "other"));

        Assert.Equal(JwtFailureReason.InvalidSignature, first.Reason);
        Assert.Equal(JwtFailureReason.InvalidSignature, second.Reason);
        Assert.Equal(2, ctx.Provider.FetchCount); // start + one forced refetch; the second is within the cooldown
    }

    // ---- row 12: tampering ----

    [Theory]
    [InlineData("payload")]
    [InlineData("header")]
    [InlineData("signature-of-other-token")]
    public async Task Validate_Tampered_InvalidSignature(string part)
    {
        await using var ctx = await CreateAsync();
        var (h, p, s) = TestTokenFactory.Split(ctx.Token(TestKeys.Rsa));
        var token = part switch
        {
            "payload" => $"{h}.{TestTokenFactory.Segment(ctx.Claims().Also(c => c["sub"] = "admin").ToJsonString())}.{s}",
            "header" => $"{TestTokenFactory.Segment(TestTokenFactory.Header(TestKeys.Rsa).Also(x => x["typ"] = "at+jwt").ToJsonString())}.{p}.{s}",
            _ => $"{h}.{p}.{TestTokenFactory.Split(ctx.Token(TestKeys.Rsa, c => c["sub"] = "x")).Signature}",
        };

        var result = await ctx.ValidateAsync(token);

        Assert.Equal(JwtFailureReason.InvalidSignature, result.Reason);
        Assert.True(ctx.Provider.FetchCount <= 2);
    }

    // ---- row 13: broken signatures ----

    [Fact]
    public async Task Validate_EcdsaZeroSignature_InvalidSignature()
    {
        await using var ctx = await CreateAsync();
        var (h, p, _) = TestTokenFactory.Split(ctx.Token(TestKeys.Ec256));

        var result = await ctx.ValidateAsync($"{h}.{p}.{TestTokenFactory.Segment(new byte[64])}");

        Assert.Equal(JwtFailureReason.InvalidSignature, result.Reason);
    }

    [Theory]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(72)]
    [InlineData(1)]
    public async Task Validate_EcdsaSignatureOfWrongLength_RejectedWithoutFetch(int length)
    {
        await using var ctx = await CreateAsync();
        var (h, p, s) = TestTokenFactory.Split(ctx.Token(TestKeys.Ec256));
        var signature = Base64Url.DecodeFromChars(s);
        var resized = new byte[length];
        signature.AsSpan(0, Math.Min(length, signature.Length)).CopyTo(resized);

        await ctx.AssertRejectedBeforeKeyLookupAsync($"{h}.{p}.{TestTokenFactory.Segment(resized)}", JwtFailureReason.InvalidSignature);
    }

    [Fact]
    public async Task Validate_RsaSignatureTruncated_InvalidSignature()
    {
        await using var ctx = await CreateAsync();
        var (h, p, s) = TestTokenFactory.Split(ctx.Token(TestKeys.Rsa));

        var result = await ctx.ValidateAsync($"{h}.{p}.{TestTokenFactory.Segment(Base64Url.DecodeFromChars(s)[..255])}");

        Assert.Equal(JwtFailureReason.InvalidSignature, result.Reason);
    }

    // ---- rows 14/15: time ----

    [Theory]
    [InlineData(-31, false)] // exp 31 s ago: beyond the 30 s skew
    [InlineData(-30, false)] // exactly at now − skew: expired (exp ≤ now − skew)
    [InlineData(-29, true)]
    [InlineData(1, true)]
    public async Task Validate_ExpAroundClockSkew(int expOffsetSeconds, bool valid)
    {
        await using var ctx = await CreateAsync();
        var token = ctx.Token(TestKeys.Rsa, c => c["exp"] = ctx.Now.AddSeconds(expOffsetSeconds).ToUnixTimeSeconds());

        if (valid)
        {
            Assert.True((await ctx.ValidateAsync(token)).IsValid);
        }
        else
        {
            await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.Expired);
        }
    }

    [Theory]
    [InlineData(31, false)]
    [InlineData(30, true)] // nbf exactly at now + skew: valid (rejected only when nbf > now + skew)
    [InlineData(29, true)]
    public async Task Validate_NbfAroundClockSkew(int nbfOffsetSeconds, bool valid)
    {
        await using var ctx = await CreateAsync();
        var token = ctx.Token(TestKeys.Rsa, c => c["nbf"] = ctx.Now.AddSeconds(nbfOffsetSeconds).ToUnixTimeSeconds());

        if (valid)
        {
            Assert.True((await ctx.ValidateAsync(token)).IsValid);
        }
        else
        {
            await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.NotYetValid);
        }
    }

    [Fact]
    public async Task Validate_ConfiguredClockSkew_IsUsed()
    {
        await using var ctx = await CreateAsync(s => s with { ClockSkew = TimeSpan.FromSeconds(60) });

        Assert.True((await ctx.ValidateAsync(ctx.Token(TestKeys.Rsa, c => c["exp"] = ctx.Now.AddSeconds(-59).ToUnixTimeSeconds()))).IsValid);
        await ctx.AssertRejectedBeforeKeyLookupAsync(ctx.Token(TestKeys.Rsa, c => c["exp"] = ctx.Now.AddSeconds(-61).ToUnixTimeSeconds()), JwtFailureReason.Expired);
    }

    [Fact]
    public async Task Validate_ExpiredLongAgo_RejectedWithoutFetch()
    {
        await using var ctx = await CreateAsync();

        await ctx.AssertRejectedBeforeKeyLookupAsync(ctx.Token(TestKeys.Attacker, c => c["exp"] = ctx.Now.AddDays(-1).ToUnixTimeSeconds()), JwtFailureReason.Expired);
    }

    [Fact]
    public async Task Validate_NbfAfterExp_InvalidLifetime()
    {
        await using var ctx = await CreateAsync();
        var token = ctx.Token(TestKeys.Rsa, c =>
        {
            c["nbf"] = ctx.Now.AddMinutes(-1).ToUnixTimeSeconds();
            c["exp"] = ctx.Now.AddMinutes(-2).ToUnixTimeSeconds();
        });

        await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.InvalidLifetime);
    }

    // ---- row 16: required claims ----

    [Fact]
    public async Task Validate_MissingExp_MissingRequiredClaim()
    {
        await using var ctx = await CreateAsync();

        await ctx.AssertRejectedBeforeKeyLookupAsync(ctx.Token(TestKeys.Rsa, c => c.Remove("exp")), JwtFailureReason.MissingRequiredClaim);
    }

    [Fact]
    public async Task Validate_NoRequiredClaims_TokenWithoutExpIsValid()
    {
        await using var ctx = await CreateAsync(s => s with { RequiredClaims = [] });

        var result = await ctx.ValidateAsync(ctx.Token(TestKeys.Rsa, c => c.Remove("exp")));

        Assert.True(result.IsValid);
        Assert.Null(result.ExpiresAt);
    }

    [Fact]
    public async Task Validate_ConfiguredRequiredClaimMissing_MissingRequiredClaim()
    {
        await using var ctx = await CreateAsync(s => s with { RequiredClaims = ["exp", "sub", "jti"] });

        await ctx.AssertRejectedBeforeKeyLookupAsync(ctx.Token(TestKeys.Rsa), JwtFailureReason.MissingRequiredClaim);
        Assert.True((await ctx.ValidateAsync(ctx.Token(TestKeys.Rsa, c => c["jti"] = "id-1"))).IsValid);
    }

    [Fact]
    public void Constructor_UnsupportedRequiredClaim_Throws()
    {
        var provider = new JwksProvider(new JwksInlineSource(TestTokenFactory.Jwks(TestKeys.Rsa)), new JwksOptions(), server.Client, TimeProvider.System, NullLogger.Instance);
        var settings = new JwtProviderSettings { Issuer = "i", Jwks = provider.Source, RequiredClaims = ["email"] };

        Assert.Throws<ArgumentException>(() => new JwtValidator([(settings, provider)], TimeProvider.System, NullLogger.Instance));
    }

    // ---- row 17: NumericDate types ----

    [Theory]
    [InlineData("exp", "\"1900000000\"")]
    [InlineData("exp", "true")]
    [InlineData("exp", "null")]
    [InlineData("exp", "-1")]
    [InlineData("exp", "-0.5")]
    [InlineData("exp", "1e300")]
    [InlineData("exp", "9223372036854775808")]
    [InlineData("exp", "253402300800")]
    [InlineData("exp", "{}")]
    [InlineData("exp", "[1900000000]")]
    [InlineData("nbf", "\"0\"")]
    [InlineData("nbf", "-5")]
    [InlineData("iat", "\"now\"")]
    [InlineData("iat", "1e400")]
    public async Task Validate_NumericDateOfWrongTypeOrRange_InvalidClaimType(string claim, string json)
    {
        await using var ctx = await CreateAsync();
        var claims = ctx.Claims();
        claims.Remove(claim);
        var payload = claims.ToJsonString()[..^1] + $",\"{claim}\":{json}}}";
        var token = TestTokenFactory.SignRaw(TestKeys.Rsa, "RS256", TestTokenFactory.Header(TestKeys.Rsa).ToJsonString(), payload);

        await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.InvalidClaimType);
    }

    // ---- row 18: issuer ----

    [Theory]
    [InlineData("https://evil.auth0.com/")]
    [InlineData("https://tenant.auth0.com")] // trailing slash missing
    [InlineData("https://tenant.auth0.com//")]
    [InlineData("https://Tenant.auth0.com/")] // case
    [InlineData("HTTPS://tenant.auth0.com/")]
    [InlineData(" https://tenant.auth0.com/")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Validate_IssuerNotExactlyConfigured_UnknownIssuer(string? issuer)
    {
        await using var ctx = await CreateAsync();
        var token = ctx.Token(TestKeys.Rsa, c =>
        {
            if (issuer is null)
            {
                c.Remove("iss");
            }
            else
            {
                c["iss"] = issuer;
            }
        });

        await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.UnknownIssuer);
    }

    [Fact]
    public async Task Validate_IssuerNotAString_InvalidClaimType()
    {
        await using var ctx = await CreateAsync();

        await ctx.AssertRejectedBeforeKeyLookupAsync(ctx.Token(TestKeys.Rsa, c => c["iss"] = new JsonArray(TestTokenFactory.Issuer)), JwtFailureReason.InvalidClaimType);
    }

    [Fact]
    public async Task Validate_IssuerPointingAtAKeySet_NeverFetched()
    {
        await using var ctx = await CreateAsync();
        var lure = server.CreateEndpoint(TestKeys.Attacker);

        await ctx.AssertRejectedBeforeKeyLookupAsync(ctx.Token(TestKeys.Attacker, c => c["iss"] = lure.Url.ToString()), JwtFailureReason.UnknownIssuer);
        Assert.Equal(0, lure.Requests);
    }

    [Fact]
    public async Task Validate_SeveralIssuers_EachTokenUsesItsOwnIssuersKeys()
    {
        await using var a = await CreateAsync(null, TestKeys.Rsa);
        var bEndpoint = server.CreateEndpoint(TestKeys.Ec256);
        await using var bProvider = new JwksProvider(new JwksUrlSource(bEndpoint.Url), new JwksOptions(), server.Client, a.Time, NullLogger.Instance);
        await bProvider.StartAsync(TestContext.Current.CancellationToken);
        var bSettings = new JwtProviderSettings { Issuer = "https://idp-b.example.com", Audiences = ["api-b"], Jwks = bProvider.Source };
        var validator = new JwtValidator([(a.Settings, a.Provider), (bSettings, bProvider)], a.Time, NullLogger.Instance);
        var ct = TestContext.Current.CancellationToken;

        var tokenA = a.Token(TestKeys.Rsa);
        var tokenB = a.Token(TestKeys.Ec256, c => { c["iss"] = "https://idp-b.example.com"; c["aud"] = "api-b"; });
        var bKeyClaimingA = a.Token(TestKeys.Ec256);

        Assert.True((await validator.ValidateAsync(tokenA, ct)).IsValid);
        var b = await validator.ValidateAsync(tokenB, ct);
        Assert.True(b.IsValid);
        Assert.Equal("https://idp-b.example.com", b.Issuer);
        Assert.Equal(JwtFailureReason.UnknownKey, (await validator.ValidateAsync(bKeyClaimingA, ct)).Reason);
        Assert.Equal(1, bProvider.FetchCount); // only issuer A's keys were refetched for the unknown kid
    }

    [Fact]
    public void Constructor_SameIssuerTwice_Throws()
    {
        var provider = new JwksProvider(new JwksInlineSource(TestTokenFactory.Jwks(TestKeys.Rsa)), new JwksOptions(), server.Client, TimeProvider.System, NullLogger.Instance);
        var settings = new JwtProviderSettings { Issuer = "i", Jwks = provider.Source };

        Assert.Throws<ArgumentException>(() => new JwtValidator([(settings, provider), (settings, provider)], TimeProvider.System, NullLogger.Instance));
    }

    // ---- rows 19–21, 23: audience ----

    [Theory]
    [InlineData("wrong")]
    [InlineData("missing")]
    [InlineData("trailing-slash")]
    [InlineData("case")]
    [InlineData("empty-array")]
    [InlineData("array-without-ours")]
    [InlineData("id-token")]
    public async Task Validate_AudienceNotMatching_InvalidAudience(string variant)
    {
        await using var ctx = await CreateAsync();
        var token = ctx.Token(TestKeys.Rsa, c =>
        {
            switch (variant)
            {
                case "wrong": c["aud"] = "https://other.example.com/mcp"; break;
                case "missing": c.Remove("aud"); break;
                case "trailing-slash": c["aud"] = TestTokenFactory.Audience + "/"; break;
                case "case": c["aud"] = TestTokenFactory.Audience.ToUpperInvariant(); break;
                case "empty-array": c["aud"] = new JsonArray(); break;
                case "array-without-ours": c["aud"] = new JsonArray("a", "https://tenant.auth0.com/userinfo"); break;
                default: c["aud"] = "xT3mClientId0123456789"; c["nonce"] = "n"; break; // an OIDC ID token: aud = client id
            }
        });

        await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.InvalidAudience);
    }

    [Theory]
    [InlineData("[\"https://mcp.example.com/mcp\", 1]")]
    [InlineData("[\"https://mcp.example.com/mcp\", null]")]
    [InlineData("[[\"https://mcp.example.com/mcp\"]]")]
    [InlineData("{\"aud\":\"https://mcp.example.com/mcp\"}")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task Validate_AudienceOfWrongType_InvalidClaimType(string json)
    {
        await using var ctx = await CreateAsync();
        var claims = ctx.Claims();
        claims.Remove("aud");
        var token = TestTokenFactory.SignRaw(TestKeys.Rsa, "RS256", TestTokenFactory.Header(TestKeys.Rsa).ToJsonString(), claims.ToJsonString()[..^1] + $",\"aud\":{json}}}");

        await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.InvalidClaimType);
    }

    // ---- row 22: crit and b64 ----

    [Theory]
    [InlineData("[\"exp\"]")] // unknown extension
    [InlineData("[]")] // empty
    [InlineData("[\"alg\"]")] // a registered header
    [InlineData("[\"b64\"]")]
    [InlineData("\"b64\"")] // not even an array
    [InlineData("null")]
    public async Task Validate_CritHeader_UnknownCriticalHeader(string crit)
    {
        await using var ctx = await CreateAsync();
        var header = TestTokenFactory.Header(TestKeys.Rsa).ToJsonString()[..^1] + $",\"crit\":{crit},\"exp\":1,\"b64\":true}}";
        var token = TestTokenFactory.SignRaw(TestKeys.Rsa, "RS256", header, ctx.Claims().ToJsonString());

        await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.UnknownCriticalHeader);
    }

    [Theory]
    [InlineData("b64", "false")]
    [InlineData("b64", "true")]
    [InlineData("zip", "\"DEF\"")]
    public async Task Validate_ProcessingHeader_ForbiddenHeader(string name, string json)
    {
        await using var ctx = await CreateAsync();
        var header = TestTokenFactory.Header(TestKeys.Rsa).ToJsonString()[..^1] + $",\"{name}\":{json}}}";
        var token = TestTokenFactory.SignRaw(TestKeys.Rsa, "RS256", header, ctx.Claims().ToJsonString());

        await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.ForbiddenHeader);
    }

    // ---- row 24: claim types the policy layer relies on ----

    [Theory]
    [InlineData("sub", "42")]
    [InlineData("sub", "[\"a\"]")]
    [InlineData("sub", "null")]
    [InlineData("jti", "7")]
    public async Task Validate_RegisteredStringClaimOfWrongType_InvalidClaimType(string claim, string json)
    {
        await using var ctx = await CreateAsync();
        var claims = ctx.Claims();
        claims.Remove(claim);
        var token = TestTokenFactory.SignRaw(TestKeys.Rsa, "RS256", TestTokenFactory.Header(TestKeys.Rsa).ToJsonString(), claims.ToJsonString()[..^1] + $",\"{claim}\":{json}}}");

        await ctx.AssertRejectedBeforeKeyLookupAsync(token, JwtFailureReason.InvalidClaimType);
    }
}

internal static class JsonObjectTestExtensions
{
    public static JsonObject Also(this JsonObject node, Action<JsonObject> edit)
    {
        edit(node);
        return node;
    }
}
