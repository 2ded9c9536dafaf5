using AgentGateway.IntegrationTests.Infrastructure;
using ModelContextProtocol.Protocol;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// The seed's setup: one stdio target running <c>@modelcontextprotocol/server-everything</c> (installed by
/// <c>npm ci</c>), served through the gateway to the official C# client. One gateway for the class; each test
/// opens its own session (and so its own server process).
/// </summary>
public sealed class EverythingServerTests(EverythingServerTests.Gateway gateway) : IClassFixture<EverythingServerTests.Gateway>
{
    [Fact]
    public async Task ListTools_StdioEverythingTarget_ReturnsUnprefixedTools()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await gateway.Host.ConnectAsync(cancellationToken: ct);

        var tools = await client.ListToolsAsync(cancellationToken: ct);

        var names = tools.Select(t => t.Name).ToList();
        Assert.Contains("echo", names);
        Assert.Contains("get-sum", names);
        Assert.Contains("trigger-long-running-operation", names);
        Assert.DoesNotContain(names, n => n.StartsWith("everything_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CallTool_Echo_ReturnsTheMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await gateway.Host.ConnectAsync(cancellationToken: ct);

        var text = await client.CallTextAsync("echo", McpClientTestExtensions.Message("hello through the gateway"), ct);

        Assert.Equal("Echo: hello through the gateway", text);
    }

    [Fact]
    public async Task CallTool_GetSum_PassesArgumentsThrough()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await gateway.Host.ConnectAsync(cancellationToken: ct);

        var text = await client.CallTextAsync("get-sum", new Dictionary<string, object?> { ["a"] = 19, ["b"] = 23 }, ct);

        Assert.Contains("42", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_LongRunningOperationWithProgressToken_DeliversEveryProgressNotification()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await gateway.Host.ConnectAsync(cancellationToken: ct);
        var progress = new ProgressRecorder();

        var result = await client.CallToolAsync(
            "trigger-long-running-operation",
            new Dictionary<string, object?> { ["duration"] = 0.5, ["steps"] = 5 },
            progress,
            cancellationToken: ct);

        Assert.Contains("Long running operation completed", result.Text(), StringComparison.Ordinal);
        // The 2.4 client runs notification handlers concurrently (so not necessarily in order), and drops a progress
        // notification whose handler is already unregistered: server-everything sends its last one right before the
        // result, so the client may lose that one. The wire carries all five, in order (see the raw test below).
        await Poll.UntilAsync(() => progress.Values.Count >= 4, TimeSpan.FromSeconds(5), () => $"got {progress.Values.Count} progress notifications", ct);
        var values = progress.Values.Select(v => v.Progress).Order().ToArray();
        Assert.Equal(new[] { 1f, 2f, 3f, 4f, 5f }[..values.Length], values);
        Assert.All(progress.Values, v => Assert.Equal(5f, v.Total));
    }

    [Fact]
    public async Task CallTool_LongRunningOperationOverRawHttp_StreamsEveryProgressBeforeTheResult()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = gateway.Host.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);

        using var response = await http.PostAsync(
            "/mcp",
            McpHttp.RequestBody("tools/call", """{"name":"trigger-long-running-operation","arguments":{"duration":0.3,"steps":3},"_meta":{"progressToken":"tok-1"}}""", id: 7),
            session,
            cancellationToken: ct);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<System.Text.Json.Nodes.JsonNode>();
        await foreach (var data in McpHttp.ReadEventsAsync(response, ct))
        {
            events.Add(System.Text.Json.Nodes.JsonNode.Parse(data)!);
        }

        // Unsolicited notifications of the upstream (server-everything sends tools/list_changed after it starts) may
        // ride on this stream too; the progress notifications must all come, in order, before the result, which ends it.
        var dump = string.Join(Environment.NewLine, events.Select(e => e.ToJsonString()));
        Assert.All(events[..^1], e => Assert.Null(e["id"]));
        var progress = events.Where(e => (string?)e["method"] == "notifications/progress").ToList();
        Assert.True(progress.Count == 3, dump);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("tok-1", (string?)progress[i]["params"]!["progressToken"]);
            Assert.Equal(i + 1, (int)progress[i]["params"]!["progress"]!);
        }

        Assert.Equal(7, (int)events[^1]["id"]!);
        Assert.Contains("completed", events[^1]["result"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPrompts_AndGetPrompt_ReturnTheServersPrompts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await gateway.Host.ConnectAsync(cancellationToken: ct);

        var prompts = await client.ListPromptsAsync(cancellationToken: ct);
        var simple = await client.GetPromptAsync("simple-prompt", cancellationToken: ct);

        Assert.Contains("simple-prompt", prompts.Select(p => p.Name));
        Assert.Contains("args-prompt", prompts.Select(p => p.Name));
        var message = Assert.Single(simple.Messages);
        Assert.Equal(Role.User, message.Role);
        Assert.False(string.IsNullOrEmpty(Assert.IsType<TextContentBlock>(message.Content).Text));
    }

    [Fact]
    public async Task ListResources_AndReadOne_ReturnsItsContents()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await gateway.Host.ConnectAsync(cancellationToken: ct);

        var resources = await client.ListResourcesAsync(cancellationToken: ct);
        var templates = await client.ListResourceTemplatesAsync(cancellationToken: ct);
        var document = resources.First(r => r.Uri.StartsWith("demo://resource/static/document/", StringComparison.Ordinal));
        var read = await client.ReadResourceAsync(document.Uri, cancellationToken: ct);

        Assert.NotEmpty(templates);
        var contents = Assert.Single(read.Contents);
        Assert.Equal(document.Uri, contents.Uri);
        Assert.False(string.IsNullOrWhiteSpace(read.Text()));
    }

    /// <summary>The gateway in front of server-everything, shared by the class.</summary>
    public sealed class Gateway : GatewayHostFixture
    {
        protected override string Config => Targets.Config("", Targets.Everything());
    }
}
