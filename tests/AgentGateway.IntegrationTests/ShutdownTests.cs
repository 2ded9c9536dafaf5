using System.Globalization;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// The real gateway process: SIGTERM ends it cleanly (exit 0) together with every stdio child, lets calls in flight
/// finish, and ends the server→client streams at once.
/// </summary>
public sealed class ShutdownTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("agw-shutdown-").FullName;

    [Theory]
    [InlineData(GatewayBuild.Jit)]
    [InlineData(GatewayBuild.Native)]
    public async Task Sigterm_WithACallInFlight_TheCallCompletes_ThenExitsWithZeroAndEndsTheChild(GatewayBuild build)
    {
        var ct = TestContext.Current.CancellationToken;
        var marker = "shutdown-" + Guid.NewGuid().ToString("N");
        var port = FreePort.Next();
        var configPath = Path.Combine(_directory, "config.yaml");
        await File.WriteAllTextAsync(
            configPath,
            // The real process would serve the admin, stats and readiness defaults (ports 15000, 15020, 15021): tests run
            // side by side, so they are off here.
            "config: {adminAddr: 'off', statsAddr: 'off', readinessAddr: 'off'}\n"
            + Targets.Config("", Targets.TestServer("a", instructions: marker)).Replace("{port}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
            ct);

        await using var gateway = await GatewayExecutable.StartAsync(build, configPath, ct);
        using var http = new McpHttp(new Uri($"http://127.0.0.1:{port}/"));
        await WaitUntilServingAsync(http, gateway, ct);

        var session = await http.InitializeAsync(cancellationToken: ct);
        Assert.NotNull(session);

        // A call through the executable itself, as deployed (inline socket completions: Hosting/GatewayProcess.cs).
        using (var call = await http.PostAsync("/mcp", McpHttp.EchoBody("exe"), session, protocolVersion: "2025-11-25", cancellationToken: ct))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, call.StatusCode);
            Assert.Contains("Echo: exe", await call.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        var children = ProcessTable.FindByCommandLine(marker);
        Assert.Single(children);

        // A call in flight when SIGTERM arrives: it completes before the gateway ends its sessions and exits.
        var inFlight = http.PostAsync("/mcp", McpHttp.RequestBody("tools/call", """{"name":"slow","arguments":{"ms":1500}}""", id: 7),
            session, protocolVersion: "2025-11-25", cancellationToken: ct);
        await Task.Delay(300, ct);
        var stopping = gateway.StopAsync(TimeSpan.FromSeconds(15), ct);

        using (var completed = await inFlight)
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, completed.StatusCode);
            var text = await completed.Content.ReadAsStringAsync(ct);
            Assert.Contains("done", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"error\"", text, StringComparison.Ordinal);
        }

        var exitCode = await stopping;
        Assert.True(exitCode == 0, $"exit code {exitCode}; output:{Environment.NewLine}{gateway.Output}");
        await ProcessTable.WaitUntilGoneAsync(marker, TimeSpan.FromSeconds(5), ct);
        Assert.Contains("stopped", gateway.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GatewayBuild.Jit)]
    [InlineData(GatewayBuild.Native)]
    public async Task Sigterm_WithServerToClientStreamsOpen_EndsThemCleanly_AndDoesNotWaitForTheShutdownTimeout(GatewayBuild build)
    {
        // Every streamable-HTTP client of the official SDKs holds a GET stream open, and a legacy SSE client its /sse
        // stream. Held open, they kept a SIGTERM waiting for the whole shutdown timeout (15 s), then were reset.
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort.Next();
        var configPath = Path.Combine(_directory, "config.yaml");
        await File.WriteAllTextAsync(
            configPath,
            "config: {adminAddr: 'off', statsAddr: 'off', readinessAddr: 'off'}\n"
            + Targets.Config("", Targets.TestServer("a")).Replace("{port}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
            ct);

        await using var gateway = await GatewayExecutable.StartAsync(build, configPath, ct);
        using var http = new McpHttp(new Uri($"http://127.0.0.1:{port}/"));
        await WaitUntilServingAsync(http, gateway, ct);
        var session = await http.InitializeAsync(cancellationToken: ct);

        using var get = await http.SendAsync(HttpMethod.Get, "/mcp", session, accept: "text/event-stream", protocolVersion: "2025-11-25", cancellationToken: ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, get.StatusCode);
        using var legacy = await http.SendAsync(HttpMethod.Get, "/sse", accept: "text/event-stream", cancellationToken: ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, legacy.StatusCode);
        var getBody = get.Content.ReadAsStringAsync(ct);
        var legacyBody = legacy.Content.ReadAsStringAsync(ct);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var exitCode = await gateway.StopAsync(TimeSpan.FromSeconds(30), ct);
        var took = clock.Elapsed;
        var because = () => $"{Environment.NewLine}gateway output:{Environment.NewLine}{gateway.Output}";

        // Both streams ended as HTTP responses end (a reset connection throws here), the legacy one after its endpoint event.
        await getBody;
        Assert.Contains("event: endpoint", await legacyBody, StringComparison.Ordinal);
        Assert.True(exitCode == 0, $"exit code {exitCode}{because()}");
        Assert.True(took < TimeSpan.FromSeconds(10), $"the gateway took {took.TotalSeconds:F1} s to stop (its shutdown timeout is 15 s){because()}");
    }

    private static async Task WaitUntilServingAsync(McpHttp http, GatewayExecutable gateway, CancellationToken cancellationToken)
    {
        await Poll.UntilAsync(
            async () =>
            {
                Assert.False(gateway.Process.HasExited, $"the gateway exited with {(gateway.Process.HasExited ? gateway.Process.ExitCode : 0)}:{Environment.NewLine}{gateway.Output}");
                try
                {
                    // Any HTTP answer means Kestrel is listening (GET without a session: 400).
                    using var response = await http.SendAsync(HttpMethod.Get, "/mcp", accept: "text/event-stream", cancellationToken: cancellationToken);
                    return true;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(30),
            () => $"the gateway did not start serving:{Environment.NewLine}{gateway.Output}",
            cancellationToken);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
