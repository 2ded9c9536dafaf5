using System.Net;
using System.Text.Json.Nodes;
using AgentGateway.IntegrationTests.Infrastructure;
using ModelContextProtocol.Protocol;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// <c>mcpAuthentication</c> and <c>jwtAuth</c> end to end: a real identity provider on loopback (keys minted in the
/// test, JWKS served over HTTP), the real gateway, the official MCP client and raw HTTP.
/// </summary>
public sealed class AuthenticationTests(HttpTestServerFixture server)
{
    private const string Audience = "https://api.example.com";

    /// <summary>The seed's configuration as written, with the tenant replaced by the local provider (its <c>authorization</c> block needs CEL).</summary>
    private static string SeedConfig(TestIdentityProvider idp, string target, string mode = "strict") => $"""
        binds:
        - port: {"{port}"}
          listeners:
          - routes:
            - backends:
              - mcp:
                  targets:
                  - {target}
              policies:
                mcpAuthentication:
                  mode: {mode}
                  issuer: {idp.Issuer}
                  audiences:
                  - {Audience}
                  jwks:
                    url: {idp.JwksUrl}
        """;

    [Fact]
    public async Task SeedConfig_WithAValidToken_ListsAndCallsTools()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(SeedConfig(idp, Targets.Everything()), ct);
        var token = idp.CreateToken(Audience, permissions: ["read:tools"]);

        await using var client = await gateway.ConnectAsync(cancellationToken: ct, bearerToken: token);
        var tools = await client.ListToolsAsync(cancellationToken: ct);
        Assert.Contains(tools, t => t.Name == "echo");
        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hi" }, cancellationToken: ct);
        Assert.Equal("Echo: hi", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Fact]
    public async Task NoToken_Gets401_WithTheResourceMetadataChallenge()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(SeedConfig(idp, Targets.TestServer("a")), ct);
        using var http = gateway.CreateHttp();

        using var response = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer resource_metadata=\"{gateway.BaseUri}.well-known/oauth-protected-resource/mcp\"",
            Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("unauthorized", (string?)body["error"]);
    }

    [Fact]
    public async Task BadTokens_Get401InvalidToken_AndAGoodOneStillWorks()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        idp.AddKey("unpublished", publish: false);
        await using var gateway = await GatewayTestHost.StartAsync(SeedConfig(idp, Targets.TestServer("a")), ct);
        using var http = gateway.CreateHttp();
        var good = idp.CreateToken(Audience);
        var parts = good.Split('.');
        var bad = new Dictionary<string, string>
        {
            ["expired"] = idp.CreateToken(Audience, expiresIn: TimeSpan.FromMinutes(-5)),
            ["wrong audience"] = idp.CreateToken("https://other.example.com"),
            ["issuer without the trailing slash"] = idp.CreateToken(Audience, issuer: idp.Issuer.TrimEnd('/')),
            ["signed by an unpublished key"] = idp.CreateToken(Audience, kid: "unpublished"),
            ["tampered payload"] = parts[0] + "." + TestIdentityProvider.Base64Url("""{"iss":"x","sub":"mallory","aud":"https://api.example.com","exp":9999999999}"""u8.ToArray()) + "." + parts[2],
            ["alg none"] = TestIdentityProvider.Base64Url("""{"alg":"none","typ":"JWT"}"""u8.ToArray()) + "." + parts[1] + ".",
            ["garbage"] = "not-a-jwt",
        };

        foreach (var (name, token) in bad)
        {
            http.BearerToken = token;
            using var response = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: expected 401, got {(int)response.StatusCode}");
            Assert.Contains("error=\"invalid_token\"", Assert.Single(response.Headers.WwwAuthenticate).ToString(), StringComparison.Ordinal);
            Assert.Contains("resource_metadata=", Assert.Single(response.Headers.WwwAuthenticate).ToString(), StringComparison.Ordinal);
        }

        http.BearerToken = good;
        Assert.NotEmpty(await http.InitializeAsync(cancellationToken: ct));

        // Nothing of any token reaches the logs, not even a signature.
        foreach (var token in bad.Values.Append(good).Where(t => t.Length > 20))
        {
            foreach (var segment in token.Split('.').Where(s => s.Length > 16))
            {
                Assert.DoesNotContain(gateway.Logs.Entries, e => e.ToString().Contains(segment, StringComparison.Ordinal));
            }
        }

        Assert.Contains(gateway.Logs.Entries, e => e.Message.Contains("401", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherScheme_OrAnEmptyBearer_IsRefused_AndTheSchemeNameIsCaseInsensitive()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(SeedConfig(idp, Targets.TestServer("a")), ct);
        using var http = gateway.CreateHttp();
        Task<HttpResponseMessage> PostAsync(string authorization) => http.PostInitializeWithAsync([("Authorization", authorization)], ct);

        using (var basic = await PostAsync("Basic YWxpY2U6c2VjcmV0"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
            Assert.DoesNotContain("error=", basic.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        using (var empty = await PostAsync("Bearer "))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, empty.StatusCode);
        }

        using var lower = await PostAsync("bearer " + idp.CreateToken(Audience));
        Assert.Equal(HttpStatusCode.OK, lower.StatusCode);
    }

    [Fact]
    public async Task ProtectedResourceMetadata_IsServedWithoutAuthentication_WithCors()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        var yaml = $$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - matches:
                  - path: {pathPrefix: /mcp}
                  backends:
                  - mcp: {targets: [{{Targets.TestServer("a")}}]}
                  policies:
                    mcpAuthentication:
                      issuer: {{idp.Issuer}}
                      audiences: [{{Audience}}]
                      jwks: {url: {{idp.JwksUrl}}}
                      resourceMetadata:
                        scopesSupported: [read:tools]
                        resourceDocumentation: https://docs.example.com/mcp
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        using var response = await client.GetAsync(".well-known/oauth-protected-resource/mcp", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal($"{gateway.BaseUri}mcp", (string?)document["resource"]);
        Assert.Equal(idp.Issuer, (string?)document["authorization_servers"]![0]);
        Assert.Equal("read:tools", (string?)document["scopes_supported"]![0]);
        Assert.Equal("header", (string?)document["bearer_methods_supported"]![0]);
        Assert.Equal("https://docs.example.com/mcp", (string?)document["resource_documentation"]);

        // The challenge names the scopes and this document.
        using var http = gateway.CreateHttp();
        using var refused = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
        Assert.Equal($"Bearer resource_metadata=\"{gateway.BaseUri}.well-known/oauth-protected-resource/mcp\", scope=\"read:tools\"",
            Assert.Single(refused.Headers.WwwAuthenticate).ToString());

        // Behind a TLS terminator the published URLs follow X-Forwarded-Proto / X-Forwarded-Host.
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, ".well-known/oauth-protected-resource/mcp");
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        forwarded.Headers.Add("X-Forwarded-Host", "mcp.example.com");
        using var forwardedResponse = await client.SendAsync(forwarded, ct);
        Assert.Equal("https://mcp.example.com/mcp", (string?)JsonNode.Parse(await forwardedResponse.Content.ReadAsStringAsync(ct))!["resource"]);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, ".well-known/oauth-protected-resource/mcp");
        preflight.Headers.Add("Origin", "https://app.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var preflightResponse = await client.SendAsync(preflight, ct);
        Assert.Equal(HttpStatusCode.NoContent, preflightResponse.StatusCode);

        using var unknown = await client.GetAsync(".well-known/oauth-protected-resource/elsewhere", ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var noServerMetadata = await client.GetAsync(".well-known/oauth-authorization-server/mcp", ct);
        Assert.Equal(HttpStatusCode.NotFound, noServerMetadata.StatusCode);
    }

    [Fact]
    public async Task Auth0Provider_DerivesTheJwks_AndServesTheTenantMetadataWithTheAudience()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        var yaml = $$"""
            mcp:
              port: {port}
              targets: [{{Targets.TestServer("a")}}]
              policies:
                mcpAuthentication:
                  issuer: {{idp.Issuer}}
                  audiences: [{{Audience}}]
                  provider:
                    auth0: {}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        var resource = JsonNode.Parse(await client.GetStringAsync(".well-known/oauth-protected-resource/mcp", ct))!;
        Assert.Equal($"{gateway.BaseUri}mcp", (string?)resource["authorization_servers"]![0]);

        var server = JsonNode.Parse(await client.GetStringAsync(".well-known/oauth-authorization-server/mcp", ct))!;
        Assert.Equal($"{gateway.BaseUri}mcp", (string?)server["issuer"]);
        Assert.Equal($"{idp.Issuer}authorize?audience={Uri.EscapeDataString(Audience)}", (string?)server["authorization_endpoint"]);
        Assert.Equal($"{idp.Issuer}oauth/token", (string?)server["token_endpoint"]);

        using var http = gateway.CreateHttp();
        http.BearerToken = idp.CreateToken(Audience);
        Assert.NotEmpty(await http.InitializeAsync(cancellationToken: ct));
    }

    [Fact]
    public async Task Session_BelongsToTheCallerThatStartedIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(SeedConfig(idp, Targets.TestServer("a")), ct);
        using var http = gateway.CreateHttp();
        http.BearerToken = idp.CreateToken(Audience, subject: "alice");
        var session = await http.InitializeAsync(cancellationToken: ct);

        http.BearerToken = idp.CreateToken(Audience, subject: "bob");
        using (var bob = await http.PostAsync("/mcp", McpHttp.RequestBody("tools/list"), session, protocolVersion: "2025-11-25", cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, bob.StatusCode);
        }

        // Alice, with a fresh token of hers, still has it.
        http.BearerToken = idp.CreateToken(Audience, subject: "alice");
        using var alice = await http.PostAsync("/mcp", McpHttp.RequestBody("tools/list"), session, protocolVersion: "2025-11-25", cancellationToken: ct);
        Assert.Equal(HttpStatusCode.OK, alice.StatusCode);
    }

    [Fact]
    public async Task ValidatedToken_IsNotPassedToTheUpstream()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(SeedConfig(idp, Targets.Http("b", server.McpUri)), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct, bearerToken: idp.CreateToken(Audience));

        Assert.Equal("none", await client.CallTextAsync("whoami", cancellationToken: ct));
    }

    [Fact]
    public async Task OptionalAndPermissiveModes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        var expired = idp.CreateToken(Audience, expiresIn: TimeSpan.FromMinutes(-10));

        await using (var optional = await GatewayTestHost.StartAsync(SeedConfig(idp, Targets.TestServer("a"), "optional"), ct))
        {
            using var http = optional.CreateHttp();
            Assert.NotEmpty(await http.InitializeAsync(cancellationToken: ct));
            http.BearerToken = expired;
            using var refused = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await using var permissive = await GatewayTestHost.StartAsync(SeedConfig(idp, Targets.TestServer("a"), "permissive"), ct);
        using var permissiveHttp = permissive.CreateHttp();
        permissiveHttp.BearerToken = expired;
        Assert.NotEmpty(await permissiveHttp.InitializeAsync(cancellationToken: ct));
    }

    [Fact]
    public async Task JwksDownAtStartup_Gets401_ThenRecoversByItself()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        idp.JwksStatus = 503;
        await using var gateway = await GatewayTestHost.StartAsync(SeedConfig(idp, Targets.TestServer("a")), ct);
        using var http = gateway.CreateHttp();
        http.BearerToken = idp.CreateToken(Audience);

        using (var refused = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        idp.JwksStatus = 200;
        await Poll.UntilAsync(async () =>
        {
            using var response = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(20), () => "the gateway did not recover after the JWKS endpoint came back", ct);
    }

    [Fact]
    public async Task RotatedKey_IsAcceptedOnItsFirstRequest_AndForgedKidsCauseFewFetches()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(SeedConfig(idp, Targets.TestServer("a")), ct);
        using var http = gateway.CreateHttp();
        http.BearerToken = idp.CreateToken(Audience);
        await http.InitializeAsync(cancellationToken: ct);

        idp.AddKey("key-2");
        http.BearerToken = idp.CreateToken(Audience, kid: "key-2");
        using (var rotated = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        }

        idp.AddKey("forger", publish: false);
        var before = idp.JwksRequests;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            http.BearerToken = idp.CreateToken(Audience, kid: "forger", headerKid: $"forged-{i}");
            using var forged = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        // At most one forced refetch per 5 s cooldown (plus the one that may start at once): a handful, not 50.
        var allowed = 1 + (int)(clock.Elapsed.TotalSeconds / 5) + 1;
        Assert.InRange(idp.JwksRequests - before, 0, allowed);
        Assert.True(allowed < 10, $"the flood took {clock.Elapsed}, too slow to say anything");
    }

    [Fact]
    public async Task JwtAuth_OnAListener_RefusesWithAPlainBearerChallenge()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        var yaml = $$"""
            binds:
            - port: {port}
              listeners:
              - policies:
                  jwtAuth:
                    mode: strict
                    issuer: {{idp.Issuer}}
                    audiences: [{{Audience}}]
                    jwks: {url: {{idp.JwksUrl}}}
                routes:
                - backends:
                  - mcp: {targets: [{{Targets.TestServer("a")}}]}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var http = gateway.CreateHttp();

        using (var refused = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.ToString());
        }

        using var client = new HttpClient { BaseAddress = gateway.BaseUri };
        using var noDocument = await client.GetAsync(".well-known/oauth-protected-resource/mcp", ct);
        Assert.Equal(HttpStatusCode.NotFound, noDocument.StatusCode);

        http.BearerToken = idp.CreateToken(Audience);
        Assert.NotEmpty(await http.InitializeAsync(cancellationToken: ct));
    }

    [Fact]
    public async Task BackendAuth_Passthrough_SendsTheCallersLatestToken_AndKey_SendsTheFixedCredential()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        var yaml = $$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - policies:
                    mcpAuthentication: {{idp.McpAuthentication(Audience)}}
                    backendAuth:
                      passthrough: {}
                  backends:
                  - mcp:
                      targets:
                      - {{Targets.Http("passed", server.McpUri)}}
                      - name: keyed
                        mcp: {host: {{Targets.Q(server.McpUri.ToString())}}}
                        policies:
                          backendAuth: {key: s3cret-value}
                      - {{Targets.TestServer("local")}}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        var first = idp.CreateToken(Audience, subject: "alice");
        await using var client = await gateway.ConnectAsync(bearerToken: first, cancellationToken: ct);

        Assert.Equal("Bearer " + first, await client.CallTextAsync("passed_whoami", cancellationToken: ct));
        Assert.Equal("Bearer s3cret-value", await client.CallTextAsync("keyed_whoami", cancellationToken: ct));
        Assert.Equal("stdio", await client.CallTextAsync("local_whoami", cancellationToken: ct));

        // The same caller with a fresh token, in the same session: the target sees the new one.
        using var http = gateway.CreateHttp();
        http.BearerToken = first;
        var session = await http.InitializeAsync(cancellationToken: ct);
        http.BearerToken = idp.CreateToken(Audience, subject: "alice", expiresIn: TimeSpan.FromHours(2));
        using var call = await http.PostAsync("/mcp", McpHttp.RequestBody("tools/call", """{"name":"passed_whoami","arguments":{}}"""), session, protocolVersion: "2025-11-25", cancellationToken: ct);
        var text = (string?)(await McpHttp.ReadMessageAsync(call, ct))["result"]!["content"]![0]!["text"];
        Assert.Equal("Bearer " + http.BearerToken, text);

        Assert.DoesNotContain(gateway.Logs.Entries, e => e.ToString().Contains("s3cret-value", StringComparison.Ordinal));
    }
}
