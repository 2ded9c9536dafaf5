using System.Text.Json.Nodes;
using AgentGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using OpenTelemetry.Trace;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// <c>config.tracing</c> end to end: spans exported over OTLP to a real collector on loopback (decoded from protobuf), W3C
/// trace context sent to an HTTP target (headers and <c>_meta</c>) and a stdio target (<c>_meta</c>), sampling, and nothing
/// touched when tracing is off. The targets' <c>tracecontext</c> tool reports the context each call arrived with.
/// </summary>
/// <remarks>
/// The tests of this class run one after the other (one xUnit collection), and they are the only ones that turn tracing
/// on: OpenTelemetry listens to activity sources by name, process-wide, so two traced gateways alive at once would each see
/// (and sample) the other's spans.
/// </remarks>
public sealed class TracingTests(HttpTestServerFixture httpServer)
{
    private const string IncomingTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string IncomingSpanId = "00f067aa0ba902b7";

    [Fact]
    public async Task ToolsCall_WithSampledTraceparent_ExportsServerAndClientSpansOfThatTrace_AndPropagatesToBothTargets()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var collector = await OtlpReceiver.StartAsync(grpc: false, ct);
        var yaml = Targets.Config("", Targets.TestServer("a"), Targets.Http("b", httpServer.McpUri)) + $$"""

            config:
              tracing:
                otlpEndpoint: {{Targets.Q(collector.Endpoint.ToString())}}
                otlpProtocol: http
                headers: {x-collector-key: "secret value, with a comma"}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        await using var client = await ConnectAsync(gateway, $"00-{IncomingTraceId}-{IncomingSpanId}-01", ct);

        var stdio = JsonNode.Parse(await client.CallTextAsync("a_tracecontext", cancellationToken: ct))!;
        var http = JsonNode.Parse(await client.CallTextAsync("b_tracecontext", cancellationToken: ct))!;

        var spans = await WaitForSpansAsync(gateway, collector,
            spans => spans.Count(s => s.Kind == OtlpSpanKind.Server && s.Attribute("mcp.method.name") == "tools/call") == 2, ct);
        Assert.All(spans, s => Assert.Equal("agentgateway", s.Scope));
        var export = collector.Exports[0];
        Assert.Equal("/v1/traces", export.Path);
        Assert.Equal("application/x-protobuf", export.ContentType);
        Assert.Equal("secret value, with a comma", export.Headers["x-collector-key"]);

        // Each tools/call: a server span, child of the caller's span, and one client span to the target, its child.
        foreach (var (tool, target, context) in new[] { ("a_tracecontext", "a", stdio), ("b_tracecontext", "b", http) })
        {
            var server = Assert.Single(spans, s => s.Kind == OtlpSpanKind.Server && s.Attribute("gen_ai.tool.name") == tool);
            Assert.Equal(IncomingTraceId, server.TraceId);
            Assert.Equal(IncomingSpanId, server.ParentSpanId);
            Assert.Equal("tools/call", server.Attribute("mcp.method.name"));
            Assert.Equal(target, server.Attribute("mcp.target"));
            Assert.Equal("POST", server.Attribute("http.request.method"));
            Assert.Equal("200", server.Attribute("http.response.status_code"));
            Assert.Equal("POST " + server.Attribute("agentgateway.route"), server.Name);

            var call = Assert.Single(spans, s => s.Kind == OtlpSpanKind.Client && s.ParentSpanId == server.SpanId);
            Assert.Equal(IncomingTraceId, call.TraceId);
            Assert.Equal("tools/call tracecontext", call.Name);
            Assert.Equal(target, call.Attribute("mcp.target"));
            Assert.Equal("tracecontext", call.Attribute("gen_ai.tool.name"));
            Assert.Equal(target == "a" ? "pipe" : "tcp", call.Attribute("network.transport"));

            // The target's parent is the gateway's client span.
            Assert.Equal($"00-{IncomingTraceId}-{call.SpanId}-01", context["meta"]!["traceparent"]!.GetValue<string>());
        }

        Assert.Null(stdio["header"]);
        Assert.Equal(http["meta"]!["traceparent"]!.GetValue<string>(), http["header"]!["traceparent"]!.GetValue<string>());

        // initialize went to both targets inside the trace too.
        Assert.Equal(2, spans.Count(s => s.Kind == OtlpSpanKind.Client && s.Name == "initialize" && s.TraceId == IncomingTraceId));
    }

    [Fact]
    public async Task RandomSamplingTrue_WithoutTraceparent_ExportsNewTraceOverGrpc()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var collector = await OtlpReceiver.StartAsync(grpc: true, ct);
        var yaml = Targets.Config("", Targets.TestServer("a")) + $$"""

            config:
              tracing:
                otlpEndpoint: {{Targets.Q(collector.Endpoint.ToString())}}
                randomSampling: true
                headers: {authorization: Bearer collector-token}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        await using var client = await ConnectAsync(gateway, traceParent: null, ct);

        var context = JsonNode.Parse(await client.CallTextAsync("tracecontext", cancellationToken: ct))!;

        var spans = await WaitForSpansAsync(gateway, collector,
            spans => spans.Any(s => s.Kind == OtlpSpanKind.Server && s.Attribute("mcp.method.name") == "tools/call"), ct);
        var export = collector.Exports[0];
        Assert.Equal(OtlpReceiver.GrpcPath, export.Path);
        Assert.StartsWith("application/grpc", export.ContentType, StringComparison.Ordinal);
        Assert.Equal("HTTP/2", export.Protocol);
        Assert.Equal("Bearer collector-token", export.Headers["authorization"]);
        var server = Assert.Single(spans, s => s.Kind == OtlpSpanKind.Server && s.Attribute("mcp.method.name") == "tools/call");
        Assert.Equal("", server.ParentSpanId);
        var call = Assert.Single(spans, s => s.Kind == OtlpSpanKind.Client && s.ParentSpanId == server.SpanId);
        Assert.Equal($"00-{server.TraceId}-{call.SpanId}-01", context["meta"]!["traceparent"]!.GetValue<string>());
    }

    [Fact]
    public async Task NotSampled_RandomSamplingZeroOrUnsampledParent_ExportsNothing_ButPropagatesTheContext()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var collector = await OtlpReceiver.StartAsync(grpc: false, ct);
        var yaml = Targets.Config("", Targets.TestServer("a")) + $$"""

            config:
              tracing: {otlpEndpoint: {{Targets.Q(collector.Endpoint.ToString())}}, otlpProtocol: http, randomSampling: 0}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);

        await using (var client = await ConnectAsync(gateway, traceParent: null, ct))
        {
            var context = JsonNode.Parse(await client.CallTextAsync("tracecontext", cancellationToken: ct))!;
            Assert.EndsWith("-00", context["meta"]!["traceparent"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // A caller's "not sampled" is honoured as well, and its trace id goes on to the target.
        await using (var client = await ConnectAsync(gateway, $"00-{IncomingTraceId}-{IncomingSpanId}-00", ct))
        {
            var context = JsonNode.Parse(await client.CallTextAsync("tracecontext", cancellationToken: ct))!;
            var parent = context["meta"]!["traceparent"]!.GetValue<string>();
            Assert.StartsWith($"00-{IncomingTraceId}-", parent, StringComparison.Ordinal);
            Assert.EndsWith("-00", parent, StringComparison.Ordinal);
        }

        // Then one sampled request: once its spans are in, the collector has everything that was going to be exported.
        const string SampledTraceId = "0af7651916cd43dd8448eb211c80319c";
        await using (var client = await ConnectAsync(gateway, $"00-{SampledTraceId}-b7ad6b7169203331-01", ct))
        {
            await client.CallTextAsync("tracecontext", cancellationToken: ct);
        }

        var spans = await WaitForSpansAsync(gateway, collector,
            spans => spans.Any(s => s.Kind == OtlpSpanKind.Server && s.Attribute("mcp.method.name") == "tools/call"), ct);
        Assert.All(spans, s => Assert.Equal(SampledTraceId, s.TraceId));
    }

    [Fact]
    public async Task CollectorUnreachable_RequestsAreServedAsUsual()
    {
        var ct = TestContext.Current.CancellationToken;
        var closedPort = FreePort.Next(); // nothing listens there
        var yaml = Targets.Config("", Targets.TestServer("a")) + $$"""

            config:
              tracing: {otlpEndpoint: 'http://127.0.0.1:{{closedPort}}', otlpProtocol: http, randomSampling: true}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        await using var client = await ConnectAsync(gateway, traceParent: null, ct);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("Echo: hi", await client.CallTextAsync("echo", McpClientTestExtensions.Message("hi"), ct));
        }

        // The export fails (its spans are dropped) off the request path; the gateway neither waits for it nor fails.
        gateway.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000);
        Assert.Equal("Echo: after", await client.CallTextAsync("echo", McpClientTestExtensions.Message("after"), ct));
    }

    [Fact]
    public async Task TracingOff_RequestsReachTheTargetWithoutTraceContext()
    {
        var ct = TestContext.Current.CancellationToken;
        var capture = Path.Combine(Path.GetTempPath(), $"agentgateway-tracing-{Guid.NewGuid():N}.jsonl");
        try
        {
            // The target's stdin is copied to a file on its way to the test server: the bytes the gateway sent.
            var teeTarget = $"{{name: a, stdio: {{cmd: sh, args: [\"-c\", {Targets.Q("tee \"$0\" | exec dotnet \"$1\" --stdio --name a")}, {Targets.Q(capture)}, {Targets.Q(RepoPaths.TestServerDll)}]}}}}";
            await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", teeTarget, Targets.Http("b", httpServer.McpUri)), ct);
            await using var client = await ConnectAsync(gateway, $"00-{IncomingTraceId}-{IncomingSpanId}-01", ct);

            var context = JsonNode.Parse(await client.CallTextAsync("a_tracecontext", cancellationToken: ct))!;
            Assert.Null(context["meta"]!["traceparent"]);
            // (The HTTP target still gets a traceparent header: .NET's HTTP client propagates the request's activity by
            // default, whatever the gateway's configuration. The JSON-RPC message is what the gateway itself controls.)
            var http = JsonNode.Parse(await client.CallTextAsync("b_tracecontext", cancellationToken: ct))!;
            Assert.Null(http["meta"]!["traceparent"]);
            Assert.Equal("Echo: hi", await client.CallTextAsync("a_echo", McpClientTestExtensions.Message("hi"), ct));

            var sent = await File.ReadAllLinesAsync(capture, ct);
            Assert.DoesNotContain(sent, line => line.Contains("traceparent", StringComparison.Ordinal));
            var echo = JsonNode.Parse(Assert.Single(sent, line => line.Contains("\"echo\"", StringComparison.Ordinal)))!;
            Assert.Equal("""{"name":"echo","arguments":{"message":"hi"}}""", echo["params"]!.ToJsonString());
            Assert.Null(gateway.Services.GetService<TracerProvider>());
        }
        finally
        {
            File.Delete(capture);
        }
    }

    /// <summary>Connects the official client; every HTTP request it sends carries <paramref name="traceParent"/> when given.</summary>
    private static Task<McpClient> ConnectAsync(GatewayTestHost gateway, string? traceParent, CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = gateway.Url(),
            ConnectionTimeout = TimeSpan.FromSeconds(30),
            AdditionalHeaders = traceParent is null ? null : new Dictionary<string, string> { ["traceparent"] = traceParent },
        });
        return McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = GatewayTestHost.SessionProtocolVersion }, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Flushes the exporter (the batch processor would wait up to 5 s) until the collector's spans satisfy
    /// <paramref name="done"/>: a server span ends just after its response is sent, so it may still be open when the
    /// client has the answer.
    /// </summary>
    private static async Task<IReadOnlyList<OtlpSpan>> WaitForSpansAsync(
        GatewayTestHost gateway, OtlpReceiver collector, Func<IReadOnlyList<OtlpSpan>, bool> done, CancellationToken cancellationToken)
    {
        var provider = gateway.Services.GetRequiredService<TracerProvider>();
        await Poll.UntilAsync(
            () => provider.ForceFlush(5_000) && done(collector.Spans),
            TimeSpan.FromSeconds(15),
            () => "spans received: " + string.Join(", ", collector.Spans.Select(s => $"{s.Kind} '{s.Name}'")),
            cancellationToken);
        return collector.Spans;
    }
}
