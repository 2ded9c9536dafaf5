using System.Diagnostics;
using System.Net;
using AgentGateway.IntegrationTests.Infrastructure;
using ModelContextProtocol;

namespace AgentGateway.IntegrationTests;

/// <summary>Upstreams that fail to start, die mid-session, or are left out (failOpen): errors, never hangs.</summary>
public sealed class FailureTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(15);
    private readonly HttpTestServerFixture _server;

    public FailureTests(HttpTestServerFixture server)
    {
        _server = server;
    }

    [Fact]
    public async Task Initialize_CommandDoesNotExist_AnswersJsonRpcErrorNamingTheTarget()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.Missing("broken")), ct);
        using var http = gateway.CreateHttp();
        var stopwatch = Stopwatch.StartNew();

        using var response = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
        var body = await McpHttp.ReadMessageAsync(response, ct);

        Assert.True(stopwatch.Elapsed < s_bound, $"took {stopwatch.Elapsed}");
        Assert.Null(McpHttp.SessionId(response));
        Assert.Equal(1, (int)body["id"]!);
        Assert.Equal(-32603, (int)body["error"]!["code"]!);
        Assert.Contains("'broken'", (string?)body["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_CommandDoesNotExist_ClientGetsAnError()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.Missing("broken")), ct);

        var error = await Assert.ThrowsAnyAsync<McpException>(() => gateway.ConnectAsync(cancellationToken: ct));

        Assert.Contains("broken", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_HttpTargetRefusesConnections_AnswersJsonRpcErrorPromptly()
    {
        var ct = TestContext.Current.CancellationToken;
        var closedPort = FreePort.Next();
        await using var gateway = await GatewayTestHost.StartAsync(
            Targets.Config("", Targets.Http("down", new Uri($"http://127.0.0.1:{closedPort}/mcp"))), ct);
        using var http = gateway.CreateHttp();
        var stopwatch = Stopwatch.StartNew();

        using var response = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
        var body = await McpHttp.ReadMessageAsync(response, ct);

        Assert.True(stopwatch.Elapsed < s_bound, $"took {stopwatch.Elapsed}");
        Assert.Contains("'down'", (string?)body["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_FailClosedWithOneBadTarget_FailsTheSession()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(
            Targets.Config("failureMode: failClosed", Targets.Http("good", _server.McpUri), Targets.Missing("bad")), ct);
        using var http = gateway.CreateHttp();

        using var response = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
        var body = await McpHttp.ReadMessageAsync(response, ct);

        Assert.Null(McpHttp.SessionId(response));
        Assert.Contains("'bad'", (string?)body["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_FailOpenWithOneBadTarget_ServesTheGoodOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(
            Targets.Config("failureMode: failOpen", Targets.Http("good", _server.McpUri), Targets.Missing("bad")), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        var names = (await client.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).ToList();
        var echo = await client.CallTextAsync("good_echo", McpClientTestExtensions.Message("still here"), ct);

        Assert.Contains("good_echo", names);
        Assert.DoesNotContain(names, n => n.StartsWith("bad_", StringComparison.Ordinal));
        Assert.Equal("Echo: still here", echo);
        await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("bad_echo", McpClientTestExtensions.Message("x"), cancellationToken: ct).AsTask());
        Assert.Contains(gateway.Logs.Entries, e => e.Message.Contains("'bad'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CallTool_StdioBackendDiesMidSession_ErrorsPromptlyAndANewSessionGetsAFreshProcess()
    {
        var ct = TestContext.Current.CancellationToken;
        var marker = "crash-" + Guid.NewGuid().ToString("N");
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.TestServer("a", instructions: marker)), ct);
        await using var doomed = await gateway.ConnectAsync(cancellationToken: ct);
        await using var bystander = await gateway.ConnectAsync(cancellationToken: ct);
        var before = ProcessTable.FindByCommandLine(marker);
        Assert.Equal(2, before.Count);

        // Bounded, so that a gateway that hangs fails the test instead of stalling the run.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(s_bound);
        var stopwatch = Stopwatch.StartNew();
        var crash = await Assert.ThrowsAsync<McpProtocolException>(() => doomed.CallToolAsync("crash", cancellationToken: bound.Token).AsTask());
        Assert.True(stopwatch.Elapsed < s_bound, $"the crashed call took {stopwatch.Elapsed}");
        Assert.Contains("'a'", crash.Message, StringComparison.Ordinal);

        stopwatch.Restart();
        await Assert.ThrowsAsync<McpProtocolException>(() => doomed.CallToolAsync("echo", McpClientTestExtensions.Message("x"), cancellationToken: bound.Token).AsTask());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"the call after the crash took {stopwatch.Elapsed}");

        // The other session and its process are untouched.
        Assert.Equal("Echo: fine", await bystander.CallTextAsync("echo", McpClientTestExtensions.Message("fine"), ct));
        await Poll.UntilAsync(() => ProcessTable.FindByCommandLine(marker).Count == 1, s_bound, () => "the crashed process is still listed", ct);

        await using var fresh = await gateway.ConnectAsync(cancellationToken: ct);
        Assert.Equal("Echo: again", await fresh.CallTextAsync("echo", McpClientTestExtensions.Message("again"), ct));
        var after = ProcessTable.FindByCommandLine(marker);
        Assert.Equal(2, after.Count);
        Assert.Single(after.Except(before));
    }

    [Fact]
    public async Task CallTool_ClientCancelsSlowCall_SessionStaysUsable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.Http("remote", _server.McpUri)), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.CallToolAsync("slow", new Dictionary<string, object?> { ["ms"] = 60_000 }, cancellationToken: cancel.Token).AsTask());

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"cancellation took {stopwatch.Elapsed}");
        Assert.Equal("Echo: after", await client.CallTextAsync("echo", McpClientTestExtensions.Message("after"), ct));
    }

    [Fact]
    public async Task Post_NoRouteMatches_Returns404()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(
            $$$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - matches: [{path: {exact: /mcp}}]
                  backends: [{mcp: {targets: [{{{Targets.Http("t", _server.McpUri)}}}]}}]
            """,
            ct);
        using var http = gateway.CreateHttp();

        using var response = await http.PostAsync("/elsewhere", McpHttp.InitializeBody(), cancellationToken: ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
