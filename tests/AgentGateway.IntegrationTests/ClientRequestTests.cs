using System.Text.Json;
using AgentGateway.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// Server→client requests (sampling, elicitation) relayed through the gateway: the upstream asks while serving a
/// <c>tools/call</c>, the gateway forwards the request on the call's stream, and routes the client's answer back.
/// </summary>
public sealed class ClientRequestTests
{
    private readonly HttpTestServerFixture _server;

    public ClientRequestTests(HttpTestServerFixture server)
    {
        _server = server;
    }

    public static TheoryData<string> TargetKinds => ["stdio", "http", "sse"];

    private string Target(string kind) => kind switch
    {
        "stdio" => Targets.TestServer("a"),
        "http" => Targets.Http("a", _server.McpUri),
        _ => Targets.Sse("a", _server.SseUri),
    };

    private static McpClientOptions Options(List<CreateMessageRequestParams?>? samples = null, List<ElicitRequestParams?>? elicits = null) => new()
    {
        ProtocolVersion = GatewayTestHost.SessionProtocolVersion,
        Handlers = new McpClientHandlers
        {
            SamplingHandler = (request, _, _) =>
            {
                samples?.Add(request);
                var prompt = request?.Messages.SelectMany(m => m.Content).OfType<TextContentBlock>().FirstOrDefault()?.Text;
                return ValueTask.FromResult(new CreateMessageResult
                {
                    Model = "test-model",
                    Role = Role.Assistant,
                    Content = [new TextContentBlock { Text = $"sampled({prompt})" }],
                });
            },
            ElicitationHandler = (request, _) =>
            {
                elicits?.Add(request);
                return ValueTask.FromResult(new ElicitResult
                {
                    Action = "accept",
                    Content = new Dictionary<string, JsonElement> { ["response"] = JsonSerializer.SerializeToElement("forty-two") },
                });
            },
        },
    };

    [Theory]
    [MemberData(nameof(TargetKinds))]
    public async Task Sample_Target_RoundTripsThroughTheClientsHandler(string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Target(kind)), ct);
        var samples = new List<CreateMessageRequestParams?>();
        await using var client = await gateway.ConnectAsync(options: Options(samples: samples), cancellationToken: ct);

        var text = await client.CallTextAsync("sample", new Dictionary<string, object?> { ["prompt"] = "What is 6*7?", ["maxTokens"] = 17 }, ct);

        Assert.Equal("sampled(What is 6*7?)", text);
        var request = Assert.Single(samples);
        Assert.Equal(17, request!.MaxTokens);
    }

    [Theory]
    [MemberData(nameof(TargetKinds))]
    public async Task Elicit_Target_RoundTripsThroughTheClientsHandler(string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Target(kind)), ct);
        var elicits = new List<ElicitRequestParams?>();
        await using var client = await gateway.ConnectAsync(options: Options(elicits: elicits), cancellationToken: ct);

        var text = await client.CallTextAsync("elicit", new Dictionary<string, object?> { ["message"] = "Your answer?" }, ct);

        using var outcome = JsonDocument.Parse(text);
        Assert.Equal("accept", outcome.RootElement.GetProperty("action").GetString());
        Assert.Equal("forty-two", outcome.RootElement.GetProperty("content").GetProperty("response").GetString());
        Assert.Equal("Your answer?", Assert.Single(elicits)!.Message);
    }

    [Fact]
    public async Task Sample_TwoTargets_AnswersReachTheTargetThatAsked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(
            Targets.Config("", Targets.TestServer("a"), Targets.Http(HttpTestServerFixture.Name, _server.McpUri)), ct);
        await using var client = await gateway.ConnectAsync(options: Options(), cancellationToken: ct);

        var fromA = client.CallTextAsync("a_sample", new Dictionary<string, object?> { ["prompt"] = "from a" }, ct);
        var fromB = client.CallTextAsync("b_sample", new Dictionary<string, object?> { ["prompt"] = "from b" }, ct);

        Assert.Equal("sampled(from a)", await fromA);
        Assert.Equal("sampled(from b)", await fromB);
    }
}
