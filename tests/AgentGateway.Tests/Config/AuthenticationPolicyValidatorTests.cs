using AgentGateway.Config.Model;
using static AgentGateway.Tests.Config.ConfigTestLoader;

namespace AgentGateway.Tests.Config;

public sealed class AuthenticationPolicyValidatorTests
{
    private const string Auth = "binds[0].listeners[0].routes[0].policies.mcpAuthentication";
    private const string Jwt = "binds[0].listeners[0].routes[0].policies.jwtAuth";

    /// <summary>A route with an MCP backend whose <c>policies.mcpAuthentication</c> keys are <paramref name="keys"/>, starting on line 9.</summary>
    private static string McpAuth(string keys) => RouteYaml(
        "backends:\n- mcp: {targets: [{name: a, stdio: {cmd: npx}}]}\npolicies:\n  mcpAuthentication:\n" +
        string.Join('\n', keys.Split('\n').Select(l => "    " + l)));

    private static string JwtAuth(string keys) => RouteYaml(
        "backends:\n- mcp: {targets: [{name: a, stdio: {cmd: npx}}]}\npolicies:\n  jwtAuth:\n" +
        string.Join('\n', keys.Split('\n').Select(l => "    " + l)));

    private const string Good = "issuer: https://t.auth0.com/\naudiences: [https://api.example.com]\njwks: {url: https://t.auth0.com/.well-known/jwks.json}";

    /// <summary>The seed's policy block, as written in the product document.</summary>
    private const string Seed = """
        binds:
        - port: 3000
          listeners:
          - routes:
            - backends:
              - mcp:
                  targets:
                  - name: my-server
                    stdio:
                      cmd: npx
                      args: ["@modelcontextprotocol/server-everything"]
              policies:
                mcpAuthentication:
                  mode: strict
                  issuer: https://your-tenant.auth0.com/
                  audiences:
                  - https://api.example.com
                  jwks:
                    url: https://your-tenant.auth0.com/.well-known/jwks.json
        """;

    [Fact]
    public void SeedConfig_IsValid_AndBindsEveryKey()
    {
        var config = LoadValid(Seed);
        var auth = config.Binds[0].Listeners[0].Routes[0].Policies!.McpAuthentication!;
        Assert.Equal(AuthenticationMode.Strict, auth.Mode);
        Assert.Equal("https://your-tenant.auth0.com/", auth.Issuer);
        Assert.Equal(["https://api.example.com"], auth.Audiences);
        Assert.Equal("https://your-tenant.auth0.com/.well-known/jwks.json", auth.Jwks!.Url);
    }

    [Fact]
    public void InlineJwks_MayBeWrittenAsAPlainString()
    {
        var config = LoadValid(McpAuth("issuer: https://t.auth0.com/\naudiences: [x]\njwks: '{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}'"));
        Assert.StartsWith("{\"keys\"", config.Binds[0].Listeners[0].Routes[0].Policies!.McpAuthentication!.Jwks!.Inline, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderWithoutJwks_IsValid_AndResourceMetadataBinds()
    {
        var config = LoadValid(McpAuth("issuer: https://t.auth0.com/\naudiences: [x]\nprovider: {auth0: {}}\nresourceMetadata: {resource: 'https://mcp.example.com/mcp', scopesSupported: [read:tools], bearerMethodsSupported: [header]}"));
        var auth = config.Binds[0].Listeners[0].Routes[0].Policies!.McpAuthentication!;
        Assert.NotNull(auth.Provider!.Auth0);
        Assert.Equal(["read:tools"], auth.ResourceMetadata!.ScopesSupported!);
    }

    public static TheoryData<string, int, string, string> Errors => new()
    {
        { McpAuth("audiences: [x]\njwks: {url: https://t.auth0.com/jwks}"), 9, Auth + ".issuer", "'issuer' is required" },
        { McpAuth("issuer: t.auth0.com\naudiences: [x]\njwks: {url: https://t.auth0.com/jwks}"), 9, Auth + ".issuer", "is not an absolute http(s) URL" },
        { McpAuth("issuer: https://t.auth0.com/\njwks: {url: https://t.auth0.com/jwks}"), 9, Auth + ".audiences", "at least one audience is required" },
        { McpAuth("issuer: https://t.auth0.com/\naudiences: [x]\njwks: {url: http://idp.example.com/jwks}"), 11, Auth + ".jwks.url", "plain http to a non-loopback host" },
        { McpAuth("issuer: https://t.auth0.com/\naudiences: [x]\njwks: {url: https://a/j, file: j.json}"), 11, Auth + ".jwks", "set exactly one of 'url', 'file' or the JWKS JSON itself" },
        { McpAuth("issuer: https://t.auth0.com/\naudiences: [x]\njwks: {file: /nonexistent/jwks.json}"), 11, Auth + ".jwks.file", "does not exist" },
        { McpAuth("issuer: https://t.auth0.com/\naudiences: [x]\njwks: 'not json'"), 11, Auth + ".jwks", "inline JWKS: not valid JSON" },
        { McpAuth("issuer: https://t.auth0.com/\naudiences: [x]\njwks: '{\"keys\":[]}'"), 11, Auth + ".jwks", "the key set is empty" },
        { McpAuth("issuer: http://idp.example.com/\naudiences: [x]"), 9, Auth + ".issuer", "over plain http" },
        { McpAuth("issuer: https://t.auth0.com/\naudiences: [x]\nprovider: {auth0: {}, okta: {}}"), 11, Auth + ".provider", "names auth0 and okta; keep exactly one" },
        { McpAuth("issuer: https://t.auth0.com/\naudiences: [x]\nprovider: {entra: {}}"), 9, Auth + ".issuer", "is not an Entra ID issuer" },
        { McpAuth("issuer: https://t.auth0.com/\naudiences: [x]\nprovider: {descope: {}}"), 11, Auth + ".provider.descope", "'descope' is not supported by this version of the gateway yet" },
        { McpAuth(Good + "\njwtValidationOptions: {requiredClaims: [exp, email]}"), 12, Auth + ".jwtValidationOptions.requiredClaims[1]", "'email' cannot be required" },
        { McpAuth(Good + "\njwtValidationOptions: {clockSkew: 10m}"), 12, Auth + ".jwtValidationOptions.clockSkew", "the clock skew must be between 0s and 5m" },
        { McpAuth(Good + "\nresourceMetadata: {resource: not-a-url}"), 12, Auth + ".resourceMetadata.resource", "is not an absolute http(s) URL" },
        { McpAuth(Good + "\nresourceMetadata: {resurce: x}"), 12, Auth + ".resourceMetadata.resurce", "did you mean 'resource'?" },
        { McpAuth(Good + "\nmode: lenient"), 12, Auth + ".mode", "lenient" },
        { McpAuth(Good + "\nauthorizationLocation: {header: {name: x}}"), 12, Auth + ".authorizationLocation", "MCP clients send tokens in the Authorization header" },
        { JwtAuth("issuer: x\njwks: {url: https://a/j}\nproviders: [{issuer: y, jwks: {url: https://a/j}}]"), 11, Jwt + ".providers", "move the top-level issuer into 'providers'" },
        { JwtAuth("providers: [{issuer: y, jwks: {url: https://a/j}}, {issuer: y, jwks: {url: https://a/k}}]"), 9, Jwt + ".providers[1].issuer", "is listed twice" },
        { JwtAuth("issuer: x"), 9, Jwt + ".jwks", "'jwks' is required" },
        { JwtAuth("issuer: x\njwks: {url: https://a/j}\nlocation: {header: {name: x}, cookie: {name: c}}"), 11, Jwt + ".location", "exactly one of 'header', 'queryParameter' or 'cookie'" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Validate_InvalidPolicy_ReportsLinePathAndMessage(string yaml, int line, string path, string message)
    {
        var result = Load(yaml);
        AssertError(result, line, path, message);
    }

    [Fact]
    public void McpAuthenticationAndJwtAuthTogether_IsAnError()
    {
        var yaml = RouteYaml("backends:\n- mcp: {targets: [{name: a, stdio: {cmd: npx}}]}\npolicies:\n  mcpAuthentication: {issuer: 'https://t/', audiences: [x], jwks: {url: 'https://t/j'}}\n  jwtAuth: {issuer: x, jwks: {url: 'https://t/j'}}");
        AssertError(Load(yaml), 9, "binds[0].listeners[0].routes[0].policies.jwtAuth", "keep one");
    }

    [Fact]
    public void LoopbackHttpJwks_AndARelativeFile_AreAccepted()
    {
        var directory = Directory.CreateTempSubdirectory("agw-jwks-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "jwks.json"), "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}");
            var configPath = Path.Combine(directory.FullName, "config.yaml");
            File.WriteAllText(configPath, McpAuth("issuer: https://t.auth0.com/\naudiences: [x]\njwks: {file: jwks.json}"));
            var result = new AgentGateway.Config.Loading.ConfigLoader(_ => null).LoadFile(configPath);
            Assert.True(result.IsValid, string.Join('\n', result.Errors));
            LoadValid(McpAuth("issuer: http://localhost:9000\naudiences: [x]"));
            LoadValid(McpAuth("issuer: https://t.auth0.com/\naudiences: [x]\njwks: {url: 'http://127.0.0.1:9000/jwks'}"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void BackendAuth_Rules()
    {
        const string Target = "{name: a, mcp: {host: 'https://mcp.example.com/mcp'}}";
        LoadValid(RouteYaml($"backends:\n- mcp: {{targets: [{Target}]}}\npolicies:\n  backendAuth: {{key: '${{API_KEY}}'}}"), new Dictionary<string, string> { ["API_KEY"] = "k-123" });
        AssertError(Load(RouteYaml($"backends:\n- mcp: {{targets: [{Target}]}}\npolicies:\n  backendAuth: {{passthrough: {{}}}}")),
            8, "binds[0].listeners[0].routes[0].policies.backendAuth.passthrough", "this route validates none");
        AssertError(Load(RouteYaml("backends:\n- mcp: {targets: [{name: a, stdio: {cmd: npx}, policies: {backendAuth: {key: k}}}]}")),
            6, "binds[0].listeners[0].routes[0].backends[0].mcp.targets[0].policies.backendAuth", "a stdio target gets none");
        AssertError(Load(RouteYaml($"backends:\n- mcp: {{targets: [{Target}]}}\npolicies:\n  backendAuth: {{passthrough: {{}}, key: k}}")),
            8, "binds[0].listeners[0].routes[0].policies.backendAuth", "set exactly one of 'passthrough: {}'");
        AssertError(Load(RouteYaml($"backends:\n- mcp: {{targets: [{Target}]}}\npolicies:\n  backendAuth: {{aws: {{}}}}")),
            8, "binds[0].listeners[0].routes[0].policies.backendAuth.aws", "'aws' is not supported by this version of the gateway yet");
    }
}
