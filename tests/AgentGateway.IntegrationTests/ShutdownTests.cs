using System.Diagnostics;
using System.Globalization;
using System.Text;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>The real gateway process: SIGTERM ends it cleanly (exit 0) together with every stdio child.</summary>
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

        var output = new StringBuilder();
        using var gateway = StartGateway(await GatewayExecutable.PathOfAsync(build, ct), configPath, output);
        try
        {
            using var http = new McpHttp(new Uri($"http://127.0.0.1:{port}/"));
            await WaitUntilServingAsync(http, gateway, output, ct);

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
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", gateway.Id.ToString(CultureInfo.InvariantCulture)]))!)
            {
                await kill.WaitForExitAsync(ct);
                Assert.Equal(0, kill.ExitCode);
            }

            using (var completed = await inFlight)
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, completed.StatusCode);
                var text = await completed.Content.ReadAsStringAsync(ct);
                Assert.Contains("done", text, StringComparison.Ordinal);
                Assert.DoesNotContain("\"error\"", text, StringComparison.Ordinal);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            await gateway.WaitForExitAsync(timeout.Token);

            Assert.True(gateway.ExitCode == 0, $"exit code {gateway.ExitCode}; output:{Environment.NewLine}{Output(output)}");
            await ProcessTable.WaitUntilGoneAsync(marker, TimeSpan.FromSeconds(5), ct);
            Assert.Contains("stopped", Output(output), StringComparison.Ordinal);
        }
        finally
        {
            if (!gateway.HasExited)
            {
                gateway.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process StartGateway(string executable, string configPath, StringBuilder output)
    {
        var process = new Process { StartInfo = GatewayExecutable.CreateStartInfo(executable, configPath) };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilServingAsync(McpHttp http, Process gateway, StringBuilder output, CancellationToken cancellationToken)
    {
        await Poll.UntilAsync(
            async () =>
            {
                Assert.False(gateway.HasExited, $"the gateway exited with {(gateway.HasExited ? gateway.ExitCode : 0)}:{Environment.NewLine}{Output(output)}");
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
            () => $"the gateway did not start serving:{Environment.NewLine}{Output(output)}",
            cancellationToken);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Output(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
