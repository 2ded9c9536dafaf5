using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentGateway.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;
using Xunit.Sdk;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// The gateway executable as deployed, with its own runtimeconfig, which turns dynamic code off
/// (<c>RuntimeFeature.IsDynamicCodeSupported=false</c>: no Reflection.Emit; expression trees are interpreted). Almost all
/// other end-to-end tests host the gateway in the test process, where dynamic code is on; here one configuration with many
/// features is driven through the real process, so that a library path that still needs dynamic code fails a test rather
/// than a deployment: the admin address (config dump, schema, routes, sessions, UI, CEL playground), stats and readiness;
/// an MCP route with JWT authentication against a JWKS over HTTP, authorization, per-tool authorization and a per-tool rate
/// limit in front of a stdio target; targets over streamable HTTP and legacy SSE (all through the official client); a
/// plain HTTP route forwarded by YARP with CORS and request header edits; JSON logs with the access log; OTLP/gRPC tracing.
/// </summary>
public sealed class ExecutableTests(HttpTestServerFixture server) : IDisposable
{
    private const string Audience = "https://exe.example.com";
    private const string DynamicCodeSwitch = "System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported";
    private readonly string _directory = Directory.CreateTempSubdirectory("agw-exe-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Theory]
    [InlineData(GatewayBuild.Jit)]
    [InlineData(GatewayBuild.Native)]
    public async Task Executable_WithDynamicCodeOff_ServesAdminStatsMcpHttpLogsAndTraces(GatewayBuild build)
    {
        var ct = TestContext.Current.CancellationToken;

        if (build == GatewayBuild.Jit)
        {
            // The executable's runtimeconfig really turns dynamic code off; without it the rest proves nothing. (The native
            // executable has no code generation at all.)
            var runtimeConfigPath = Path.ChangeExtension(RepoPaths.GatewayDll, ".runtimeconfig.json");
            var runtimeConfig = JsonNode.Parse(await File.ReadAllTextAsync(runtimeConfigPath, ct))!;
            var dynamicCode = runtimeConfig["runtimeOptions"]?["configProperties"]?[DynamicCodeSwitch];
            Assert.True(dynamicCode?.GetValueKind() == JsonValueKind.False, $"{runtimeConfigPath} does not set {DynamicCodeSwitch} to false:{Environment.NewLine}{runtimeConfig}");
        }

        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var collector = await OtlpReceiver.StartAsync(grpc: true, ct);
        await using var upstream = await HttpUpstream.StartAsync(EchoRequestAsync, ct);
        int port = FreePort.Next(), adminPort = FreePort.Next(), statsPort = FreePort.Next(), readinessPort = FreePort.Next();
        var configPath = Path.Combine(_directory, "config.yaml");
        await File.WriteAllTextAsync(configPath, $$$"""
            config:
              adminAddr: 127.0.0.1:{{{adminPort}}}
              statsAddr: 127.0.0.1:{{{statsPort}}}
              readinessAddr: 127.0.0.1:{{{readinessPort}}}
              logging: {level: info, format: json}
              tracing: {otlpEndpoint: {{{Targets.Q(collector.Endpoint.ToString())}}}, randomSampling: true}
            binds:
            - port: {{{port}}}
              listeners:
              - routes:
                - name: tools
                  matches: [{path: {pathPrefix: /mcp}}]
                  backends:
                  - mcp: {targets: [{{{Targets.TestServer("a")}}}]}
                  policies:
                    mcpAuthentication: {{{idp.McpAuthentication(Audience)}}}
                    authorization: {rules: ['"read:tools" in jwt.permissions']}
                    mcpAuthorization:
                      rules:
                      - 'has(mcp.tool) && mcp.tool.name in ["echo", "add"]'
                    localRateLimit: [{maxTokens: 1, tokensPerFill: 1, fillInterval: 1h, key: mcp.tool.name}]
                - name: remote
                  matches: [{path: {pathPrefix: /remote}}]
                  backends:
                  - mcp: {targets: [{{{Targets.Http("b", server.McpUri)}}}, {{{Targets.Sse("c", server.SseUri)}}}]}
                - name: api
                  matches: [{path: {pathPrefix: /api}}]
                  backends: [{host: {{{upstream.Address}}} }]
                  policies:
                    cors: {allowOrigins: [https://app.example.com], allowHeaders: [x-client], maxAge: 10m}
                    requestHeaderModifier: {set: {x-gateway: exe}, add: {x-team: blue}, remove: [x-drop]}
            """, ct);

        await using var gateway = await GatewayExecutable.StartAsync(build, configPath, ct);
        var because = () => $"{Environment.NewLine}gateway output:{Environment.NewLine}{gateway.Output}";
        try
        {
            var baseUri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
            var adminUri = new Uri($"http://127.0.0.1:{adminPort.ToString(CultureInfo.InvariantCulture)}/");
            var statsUri = new Uri($"http://127.0.0.1:{statsPort.ToString(CultureInfo.InvariantCulture)}/");
            await gateway.WaitUntilReadyAsync(new Uri($"http://127.0.0.1:{readinessPort.ToString(CultureInfo.InvariantCulture)}/"), ct);

            // Admin: the configuration in force, the UI, and CEL compiled and evaluated on demand.
            var (status, text) = await GetAsync(new Uri(adminUri, "config_dump"), ct);
            Assert.True(status == HttpStatusCode.OK, $"config_dump: {(int)status} {text}{because()}");
            var dump = JsonNode.Parse(text)!;
            Assert.Equal(1, (long)dump["revision"]!);
            var bind = dump["config"]!["binds"]![0]!;
            Assert.Equal(port, (int)bind["port"]!);
            Assert.Equal(["tools", "remote", "api"], bind["listeners"]![0]!["routes"]!.AsArray().Select(r => (string?)r!["name"]));

            using (var schema = await _http.GetAsync(new Uri(adminUri, "schema"), ct))
            {
                Assert.Equal(HttpStatusCode.OK, schema.StatusCode);
                Assert.Equal("application/schema+json", schema.Content.Headers.ContentType?.MediaType);
                Assert.Equal(
                    (await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "schema", "config.json"), ct)).ReplaceLineEndings("\n"),
                    await schema.Content.ReadAsStringAsync(ct));
            }

            (status, text) = await GetAsync(new Uri(adminUri, "routes"), ct);
            Assert.Equal(HttpStatusCode.OK, status);
            var listed = JsonNode.Parse(text)!["routes"]!.AsArray();
            Assert.Contains(listed, r => (string?)r!["key"] == $"{port}/listener0/tools" && (bool)r["authenticated"]!);

            using (var ui = await _http.GetAsync(new Uri(adminUri, "ui/"), ct))
            {
                var html = await ui.Content.ReadAsStringAsync(ct);
                Assert.True(ui.StatusCode == HttpStatusCode.OK, $"ui/: {(int)ui.StatusCode} {html}{because()}");
                Assert.Equal("text/html", ui.Content.Headers.ContentType?.MediaType);
                Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
            }

            (status, text) = await EvaluateAsync(adminUri, """{"expression": "'read' in jwt.permissions && auth.claims.sub == 'alice'", "claims": {"sub": "alice", "permissions": ["read"]}}""", ct);
            Assert.True(status == HttpStatusCode.OK, $"cel/evaluate: {(int)status} {text}{because()}");
            var evaluated = JsonNode.Parse(text)!;
            Assert.Equal("true", (string?)evaluated["value"]);
            Assert.Equal("bool", (string?)evaluated["type"]);
            Assert.True((bool)evaluated["matches"]!);

            (status, text) = await EvaluateAsync(adminUri, """{"expression": "mcp.tool.name + '@' + request.headers['x-team']", "environment": "mcpAuthorization", "mcp": {"name": "echo"}, "request": {"headers": {"X-Team": "blue"}}}""", ct);
            Assert.True(status == HttpStatusCode.OK, $"cel/evaluate: {(int)status} {text}{because()}");
            Assert.Equal("\"echo@blue\"", (string?)JsonNode.Parse(text)!["value"]);

            (status, text) = await EvaluateAsync(adminUri, """{"expression": "jwt.sub == 'a' &&\n  jwtt.x"}""", ct);
            Assert.True(status == HttpStatusCode.UnprocessableEntity, $"cel/evaluate: {(int)status} {text}{because()}");
            Assert.Equal("compile", (string?)JsonNode.Parse(text)!["error"]!["kind"]);

            // MCP: no token → 401; a token without the permission → 403; with it, the official client sees only the tools the
            // rules allow, calls one, is told a hidden one does not exist, and is throttled on a second call of the same tool.
            using (var anonymous = new McpHttp(baseUri))
            {
                using var refused = await anonymous.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
                Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"without a token: {(int)refused.StatusCode}{because()}");
                Assert.StartsWith("Bearer", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

                anonymous.BearerToken = idp.CreateToken(Audience, subject: "mallory", permissions: ["write:tools"]);
                using var forbidden = await anonymous.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
                Assert.True(forbidden.StatusCode == HttpStatusCode.Forbidden, $"without read:tools: {(int)forbidden.StatusCode}{because()}");
            }

            var mcpEndpoint = new Uri(baseUri, "mcp");
            await using (var client = await GatewayExecutable.ConnectAsync(mcpEndpoint, idp.CreateToken(Audience, subject: "alice", permissions: ["read:tools"]), ct))
            {
                var tools = (await client.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).Order(StringComparer.Ordinal);
                Assert.Equal(["add", "echo"], tools);
                Assert.Equal("Echo: exe", await client.CallTextAsync("echo", McpClientTestExtensions.Message("exe"), ct));
                Assert.Equal("5", await client.CallTextAsync("add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 }, ct));

                var hidden = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync(
                    "slow", new Dictionary<string, object?> { ["ms"] = 1 }, cancellationToken: ct).AsTask());
                Assert.Equal(McpErrorCode.InvalidParams, hidden.ErrorCode);
                Assert.Contains("Unknown tool: slow", hidden.Message, StringComparison.Ordinal);

                var limited = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync(
                    "echo", McpClientTestExtensions.Message("again"), cancellationToken: ct).AsTask());
                Assert.Equal(-32029, (int)limited.ErrorCode);
                Assert.Contains("Rate limit exceeded for tool 'echo'", limited.Message, StringComparison.Ordinal);
                await client.PingAsync(cancellationToken: ct);

                (status, text) = await GetAsync(new Uri(adminUri, "sessions"), ct);
                Assert.Equal(HttpStatusCode.OK, status);
                var session = Assert.Single(JsonNode.Parse(text)!["sessions"]!.AsArray())!;
                Assert.Equal($"{port}/listener0/tools", (string?)session["route"]);
                Assert.Equal("a", (string?)session["targets"]![0]!["name"]);
                Assert.True((bool)session["targets"]![0]!["alive"]!);
            }

            // MCP targets over streamable HTTP and legacy SSE, multiplexed on one route (tool names prefixed by target).
            await using (var client = await GatewayExecutable.ConnectAsync(new Uri(baseUri, "remote/mcp"), bearerToken: null, ct))
            {
                var tools = (await client.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).ToList();
                Assert.Contains("b_echo", tools);
                Assert.Contains("c_echo", tools);
                Assert.Equal("Echo: http", await client.CallTextAsync("b_echo", McpClientTestExtensions.Message("http"), ct));
                Assert.Equal("Echo: sse", await client.CallTextAsync("c_echo", McpClientTestExtensions.Message("sse"), ct));
            }

            // HTTP route: a CORS preflight answered by the gateway, then a request forwarded by YARP with the header edits.
            using (var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri(baseUri, "api/items")))
            {
                preflight.Headers.Add("Origin", "https://app.example.com");
                preflight.Headers.Add("Access-Control-Request-Method", "POST");
                preflight.Headers.Add("Access-Control-Request-Headers", "x-client");
                using var answer = await _http.SendAsync(preflight, ct);
                Assert.True(answer.StatusCode == HttpStatusCode.NoContent, $"preflight: {(int)answer.StatusCode}{because()}");
                Assert.Equal("https://app.example.com", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
                Assert.Contains("x-client", answer.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
                Assert.Equal("600", answer.Headers.GetValues("Access-Control-Max-Age").Single());
            }

            Assert.Equal(0, upstream.Requests);
            using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "api/items?id=7")))
            {
                request.Headers.Add("Origin", "https://app.example.com");
                request.Headers.Add("X-Client", "c1");
                request.Headers.Add("X-Drop", "secret");
                request.Headers.Add("X-Gateway", "client-value");
                request.Content = new StringContent("payload", Encoding.UTF8, "text/plain");
                using var response = await _http.SendAsync(request, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                Assert.True(response.StatusCode == HttpStatusCode.Created, $"api: {(int)response.StatusCode} {body}{because()}");
                Assert.Equal("https://app.example.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
                Assert.Equal("upstream", response.Headers.GetValues("x-upstream").Single());
                var seen = JsonNode.Parse(body)!;
                Assert.Equal("POST", (string?)seen["method"]);
                Assert.Equal("/api/items", (string?)seen["path"]);
                Assert.Equal("?id=7", (string?)seen["query"]);
                Assert.Equal("payload", (string?)seen["body"]);
                Assert.Equal("c1", (string?)seen["headers"]!["x-client"]);
                Assert.Equal("exe", (string?)seen["headers"]!["x-gateway"]);
                Assert.Equal("blue", (string?)seen["headers"]!["x-team"]);
                Assert.Null(seen["headers"]!["x-drop"]);
            }

            Assert.Equal(1, upstream.Requests);

            // Stats, after that traffic.
            (status, text) = await GetAsync(new Uri(statsUri, "metrics"), ct);
            Assert.True(status == HttpStatusCode.OK, $"metrics: {(int)status}{because()}");
            Assert.Contains("agentgateway_mcp_requests_total{method=\"tools/call\",target=\"a\",tool=\"echo\"}", text, StringComparison.Ordinal);
            Assert.Contains("agentgateway_mcp_stdio_processes_started_total{target=\"a\"} 1", text, StringComparison.Ordinal);
            Assert.Contains($"agentgateway_ratelimited_requests_total{{route=\"{port}/listener0/tools\",scope=\"mcp\"}} 1", text, StringComparison.Ordinal);

            // SIGTERM: a clean exit, which also flushes the logs and the spans.
            var exitCode = await gateway.StopAsync(TimeSpan.FromSeconds(20), ct);
            Assert.True(exitCode == 0, $"exit code {exitCode}{because()}");
            Assert.DoesNotContain("PlatformNotSupportedException", gateway.Output, StringComparison.Ordinal);

            // JSON logs: every stderr line is a JSON object; the access log has one for the forwarded request, with its fields.
            var entries = new List<JsonNode>();
            foreach (var line in gateway.StderrLines)
            {
                try
                {
                    entries.Add(JsonNode.Parse(line)!);
                }
                catch (JsonException)
                {
                    Assert.Fail($"a stderr line is not JSON: {line}{because()}");
                }
            }

            Assert.DoesNotContain(entries, e => (string?)e["LogLevel"] is "Error" or "Critical");
            // A query string may carry a credential: no line at info (access log, YARP's own) shows the forwarded one.
            Assert.DoesNotContain(gateway.StderrLines, l => l.Contains("id=7", StringComparison.Ordinal));
            var access = entries.Where(e => (string?)e["Category"] == "agentgateway.access").ToList();
            var accessLines = $"{Environment.NewLine}access log:{Environment.NewLine}{string.Join(Environment.NewLine, access.Select(e => e.ToJsonString()))}";
            var apiLine = access.SingleOrDefault(e => (string?)e["State"]?["Path"] == "/api/items" && (string?)e["State"]?["HttpMethod"] == "POST");
            Assert.True(apiLine is not null, "no single access-log line for POST /api/items" + accessLines);
            Assert.Equal("201", apiLine["State"]!["Status"]!.ToString());
            Assert.StartsWith("POST /api/items 201 ", (string?)apiLine["Message"], StringComparison.Ordinal);
            var callLine = Assert.Single(access, e => (string?)e["State"]?["McpName"] == "add");
            Assert.Equal("alice", (string?)callLine["State"]!["Subject"]);
            Assert.Equal("tools/call", (string?)callLine["State"]!["McpMethod"]);
            Assert.True(access.Any(e => e["State"]?["Status"]?.ToString() == "401"), "no access-log line for the 401" + accessLines);
            Assert.True(access.Any(e => (string?)e["State"]?["HttpMethod"] == "OPTIONS" && e["State"]?["Status"]?.ToString() == "204"), "no access-log line for the preflight" + accessLines);

            // Traces: a server span of the call of add, exported over OTLP/gRPC.
            var spans = collector.Spans;
            Assert.Contains(spans, s => s.Kind == OtlpSpanKind.Server && s.Attribute("mcp.method.name") == "tools/call" && s.Attribute("gen_ai.tool.name") == "add");
            Assert.All(spans, s => Assert.Equal("agentgateway", s.Scope));
            Assert.Equal(OtlpReceiver.GrpcPath, collector.Exports[0].Path);
        }
        catch (Exception ex) when (!ex.Message.Contains("gateway output:", StringComparison.Ordinal))
        {
            // Whatever failed (an assertion, the client, an HTTP error), the gateway's own account goes with it.
            throw new XunitException(ex.Message + because(), ex);
        }
    }

    /// <summary>An upstream that answers 201 with a JSON description of what it received.</summary>
    private static async Task EchoRequestAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = new JsonObject();
        foreach (var (key, value) in context.Request.Headers)
        {
            headers[key.ToLowerInvariant()] = value.ToString();
        }

        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers["x-upstream"] = "upstream";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["method"] = context.Request.Method,
            ["path"] = context.Request.Path.Value,
            ["query"] = context.Request.QueryString.Value,
            ["body"] = body,
            ["headers"] = headers,
        }.ToJsonString(), context.RequestAborted);
    }

    private async Task<(HttpStatusCode Status, string Text)> GetAsync(Uri uri, CancellationToken ct)
    {
        using var response = await _http.GetAsync(uri, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    private async Task<(HttpStatusCode Status, string Text)> EvaluateAsync(Uri adminUri, string json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(adminUri, "cel/evaluate"))
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        using var response = await _http.SendAsync(request, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
