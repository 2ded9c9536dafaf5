using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AgentGateway.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// An <c>a2a</c> route in front of a small test agent on loopback: its agent cards (v0.3 and v1.0) come back pointing
/// at the gateway, and JSON-RPC calls are proxied with their method and outcome in the access log and the metrics.
/// </summary>
public sealed class A2aTests
{
    /// <summary>A minimal A2A agent: both card locations, and JSON-RPC on POST / (message/send answers; other methods are unknown).</summary>
    private static Task<HttpUpstream> StartAgentAsync(CancellationToken ct) => HttpUpstream.StartAsync(async context =>
    {
        var request = context.Request;
        var self = $"http://{request.Host}";
        context.Response.ContentType = "application/json";
        switch (request.Method, request.Path.Value)
        {
            case ("GET", "/.well-known/agent.json"):
                await context.Response.WriteAsync(new JsonObject
                {
                    ["protocolVersion"] = "0.3.0",
                    ["name"] = "test agent",
                    ["url"] = self + "/a2a",
                    ["preferredTransport"] = "JSONRPC",
                    ["additionalInterfaces"] = new JsonArray(new JsonObject { ["url"] = self + "/rest", ["transport"] = "HTTP+JSON" }),
                    ["skills"] = new JsonArray(),
                }.ToJsonString(), context.RequestAborted);
                break;
            case ("GET", "/.well-known/agent-card.json"):
                await context.Response.WriteAsync(new JsonObject
                {
                    ["name"] = "test agent",
                    ["supportedInterfaces"] = new JsonArray(
                        new JsonObject { ["url"] = self + "/a2a", ["protocolBinding"] = "JSONRPC" },
                        new JsonObject { ["url"] = self + "/rest?v=1", ["protocolBinding"] = "HTTP+JSON" }),
                }.ToJsonString(), context.RequestAborted);
                break;
            case ("POST", "/a2a"):
                var call = JsonNode.Parse(await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted))!;
                var answer = (string?)call["method"] == "message/send"
                    ? new JsonObject { ["jsonrpc"] = "2.0", ["id"] = call["id"]?.DeepClone(), ["result"] = new JsonObject { ["kind"] = "message", ["role"] = "agent", ["parts"] = new JsonArray(new JsonObject { ["kind"] = "text", ["text"] = "hello back" }) } }
                    : new JsonObject { ["jsonrpc"] = "2.0", ["id"] = call["id"]?.DeepClone(), ["error"] = new JsonObject { ["code"] = -32601, ["message"] = "Method not found" } };
                await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }, ct);

    private static string Config(string agent) => $$"""
        config:
          statsAddr: 127.0.0.1:{statsPort}
        binds:
        - port: {port}
          listeners:
          - routes:
            - name: agent
              policies:
                a2a: {}
              backends:
              - host: {{agent}}
        """;

    [Theory]
    [InlineData("/.well-known/agent.json")]
    [InlineData("/.well-known/agent-card.json")]
    public async Task AgentCard_BothLocations_UrlsPointAtTheGateway(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var agent = await StartAgentAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(Config(agent.Address), ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        using var response = await client.GetAsync(path, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), response.Content.Headers.ContentLength);
        var card = JsonNode.Parse(text)!;

        var gatewayOrigin = $"http://127.0.0.1:{gateway.Port}";
        Assert.Equal("test agent", (string?)card["name"]);
        Assert.DoesNotContain(agent.Address, text, StringComparison.Ordinal);
        if (path.EndsWith("agent.json", StringComparison.Ordinal))
        {
            Assert.Equal(gatewayOrigin + "/a2a", (string?)card["url"]);
            Assert.Equal(gatewayOrigin + "/rest", (string?)card["additionalInterfaces"]![0]!["url"]);
        }
        else
        {
            Assert.Equal(gatewayOrigin + "/a2a", (string?)card["supportedInterfaces"]![0]!["url"]);
            Assert.Equal(gatewayOrigin + "/rest?v=1", (string?)card["supportedInterfaces"]![1]!["url"]);
        }
    }

    [Fact]
    public async Task MessageSend_IsProxied_WithMethodAndOutcomeInTheAccessLogAndMetrics()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var agent = await StartAgentAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(Config(agent.Address), ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        const string send = """{"jsonrpc":"2.0","id":"1","method":"message/send","params":{"message":{"role":"user","messageId":"m1","parts":[{"kind":"text","text":"hello"}]}}}""";
        using var response = await client.PostAsync("/a2a", new StringContent(send, Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("hello back", (string?)answer["result"]!["parts"]![0]!["text"]);

        using var unknown = await client.PostAsync("/a2a", new StringContent("""{"jsonrpc":"2.0","id":2,"method":"tasks/teleport"}""", Encoding.UTF8, "application/json"), ct);
        Assert.Equal(-32601, (int?)JsonNode.Parse(await unknown.Content.ReadAsStringAsync(ct))!["error"]!["code"]);

        string[] lines = [];
        await Poll.UntilAsync(() =>
        {
            lines = [.. gateway.Logs.Entries.Where(e => e.Category == "agentgateway.access").Select(e => e.Message)];
            return lines.Length >= 2;
        }, TimeSpan.FromSeconds(10), () => "expected 2 access-log lines, got: " + string.Join(Environment.NewLine, lines), ct);
        Assert.Contains(lines, l => l.StartsWith("POST /a2a 200", StringComparison.Ordinal) && l.Contains("a2a.method=message/send a2a.outcome=success", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("a2a.method=tasks/teleport a2a.outcome=error:-32601", StringComparison.Ordinal));

        var metrics = await client.GetStringAsync(new Uri(gateway.StatsUri!, "metrics"), ct);
        var route = $"{gateway.Port}/listener0/agent";
        Assert.Contains($"agentgateway_a2a_requests_total{{method=\"message/send\",outcome=\"success\",route=\"{route}\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"agentgateway_a2a_requests_total{{method=\"_other\",outcome=\"error\",route=\"{route}\"}} 1", metrics, StringComparison.Ordinal);
    }
}
