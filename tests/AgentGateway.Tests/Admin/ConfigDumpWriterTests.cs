using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentGateway.Admin;
using AgentGateway.Config.Model;
using AgentGateway.Tests.Config;

namespace AgentGateway.Tests.Admin;

public sealed class ConfigDumpWriterTests
{
    private static string Dump(GatewayConfig config)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ConfigDumpWriter.Write(writer, config);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public void Write_KnownSecrets_AreRedacted_NamesKept()
    {
        var config = ConfigTestLoader.LoadValid("""
            binds:
            - port: 3000
              listeners:
              - routes:
                - backends:
                  - mcp:
                      targets:
                      - name: local
                        stdio: {cmd: server, env: {API_KEY: "${API_KEY}", MODE: "plain-but-still-env"}}
                      - name: remote
                        mcp: {host: "http://127.0.0.1:9/mcp"}
                        policies:
                          backendAuth: {key: "k3y-v4lue"}
                          requestHeaderModifier: {set: {x-api-key: "h3ader-k3y"}, add: {x-extra: "h3ader-add"}, remove: [x-gone]}
                  policies:
                    mcpAuthentication:
                      issuer: https://idp.example/
                      audiences: [api]
                      jwks: '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}'
            """, new Dictionary<string, string> { ["API_KEY"] = "env-s3cr3t" });

        var json = Dump(config);

        Assert.DoesNotContain("env-s3cr3t", json, StringComparison.Ordinal);
        Assert.DoesNotContain("plain-but-still-env", json, StringComparison.Ordinal);
        Assert.DoesNotContain("k3y-v4lue", json, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", json, StringComparison.Ordinal);
        Assert.DoesNotContain("h3ader-k3y", json, StringComparison.Ordinal);
        Assert.DoesNotContain("h3ader-add", json, StringComparison.Ordinal);
        var target = JsonNode.Parse(json)!["binds"]![0]!["listeners"]![0]!["routes"]![0]!["backends"]![0]!["mcp"]!["targets"]![0]!;
        Assert.Equal(ConfigDumpWriter.Redacted, target["stdio"]!["env"]!["API_KEY"]!.GetValue<string>());
        Assert.Equal(ConfigDumpWriter.Redacted, target["stdio"]!["env"]!["MODE"]!.GetValue<string>());
        var headers = JsonNode.Parse(json)!["binds"]![0]!["listeners"]![0]!["routes"]![0]!["backends"]![0]!["mcp"]!["targets"]![1]!["policies"]!["requestHeaderModifier"]!;
        Assert.Equal(ConfigDumpWriter.Redacted, headers["set"]!["x-api-key"]!.GetValue<string>());
        Assert.Equal("x-gone", headers["remove"]![0]!.GetValue<string>());
        Assert.Contains("\"issuer\":\"https://idp.example/\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TracingHeaders_AreRedacted_NamesKept()
    {
        var config = ConfigTestLoader.LoadValid(ConfigTestLoader.StaticYaml(
            "tracing: {otlpEndpoint: 'http://collector:4317', headers: {x-honeycomb-team: plain-collector-key}}"));

        var json = Dump(config);

        Assert.DoesNotContain("plain-collector-key", json, StringComparison.Ordinal);
        Assert.Equal(ConfigDumpWriter.Redacted, JsonNode.Parse(json)!["config"]!["tracing"]!["headers"]!["x-honeycomb-team"]!.GetValue<string>());
        Assert.Contains("\"otlpEndpoint\":\"http://collector:4317\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_KeysEnumsAndDurations_AreWrittenAsTheYamlReadsThem()
    {
        var config = ConfigTestLoader.LoadValid("""
            config:
              mcp: {sessionTtl: 1h30m, requestTimeout: 500ms}
            mcp:
              port: 3000
              prefixMode: always
              targets:
              - name: a
                stdio: {cmd: server}
            """);

        var root = JsonNode.Parse(Dump(config))!;

        Assert.Equal("1h30m", root["config"]!["mcp"]!["sessionTtl"]!.GetValue<string>());
        Assert.Equal("500ms", root["config"]!["mcp"]!["requestTimeout"]!.GetValue<string>());
        Assert.Equal("always", root["mcp"]!["prefixMode"]!.GetValue<string>());
        Assert.Equal("failClosed", root["mcp"]!["failureMode"]!.GetValue<string>());
        Assert.Null(root["config"]!["adminAddr"]); // not set: left out
        Assert.True(ConfigTestLoader.Load(Yaml(root)).IsValid);
    }

    [Theory]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl", ConfigDumpWriter.Redacted)]
    [InlineData("prefix eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln suffix", ConfigDumpWriter.Redacted)]
    [InlineData("Bearer abc.def", ConfigDumpWriter.Redacted)]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMIIB", ConfigDumpWriter.Redacted)]
    [InlineData("https://user:pass@idp.example/jwks?token=abc", "https://idp.example/jwks?" + ConfigDumpWriter.Redacted)]
    [InlineData("https://idp.example/.well-known/jwks.json", "https://idp.example/.well-known/jwks.json")]
    [InlineData("has(jwt.sub) && jwt.sub == \"alice\"", "has(jwt.sub) && jwt.sub == \"alice\"")]
    public void Scrub_AnythingLookingLikeACredential_IsHidden(string value, string expected) =>
        Assert.Equal(expected, ConfigDumpWriter.Scrub(value));

    // The dump is JSON; JSON is YAML: it loads back as the same configuration.
    private static string Yaml(JsonNode node) => node.ToJsonString();
}
