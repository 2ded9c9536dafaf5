using System.Net;
using AgentGateway.Hosting;
using AgentGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGateway.IntegrationTests;

/// <summary>Hot reload of the configuration file: valid changes apply without a restart, sessions survive unless their backend changed, bad files change nothing.</summary>
public sealed class ConfigReloadTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("agw-reload-");

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>A gateway watching <c>config.yaml</c>, the file written once the port is known and that first reload applied.</summary>
    private async Task<(GatewayTestHost Gateway, string Path, ConfigReloadService Reload)> StartWatchedAsync(CancellationToken ct)
    {
        var path = Path.Combine(_directory.FullName, "config.yaml");
        await File.WriteAllTextAsync(path, "# written once the port is known", ct);
        var template = Config(0, "one").Replace("- port: 0", "- port: {port}", StringComparison.Ordinal);
        var gateway = await GatewayTestHost.StartAsync(template, ct, path, watch: true);
        var reload = gateway.Services.GetRequiredService<ConfigReloadService>();
        await WatchedFile.ReplaceAsync(path, Config(gateway.Port, "one"), ct);
        await Poll.UntilAsync(() => reload.Counts.Applied == 1, TimeSpan.FromSeconds(10), () => gateway.Logs.Dump(), ct);
        return (gateway, path, reload);
    }

    private static string Config(int port, string instructions, string extraRoute = "") => $$"""
        binds:
        - port: {{port}}
          listeners:
          - routes:
            - name: main
              matches:
              - path: {pathPrefix: /mcp}
              backends:
              - mcp: {targets: [{{Targets.TestServer("a", instructions)}}]}
        {{extraRoute}}
        """;

    private const string OtherRoute = """
                - name: other
                  matches:
                  - path: {pathPrefix: /other}
                  backends:
                  - mcp: {targets: [{name: b, stdio: {cmd: dotnet, args: [--version]}}]}
        """;

    [Fact]
    public async Task ValidChanges_Apply_SessionsOfUnchangedRoutesSurvive_ChangedOnesEnd_BadFilesAreRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (gateway, path, reload) = await StartWatchedAsync(ct);
        await using (gateway)
        {
            var port = gateway.Port;
            using var http = gateway.CreateHttp();
            var session = await http.InitializeAsync(cancellationToken: ct);

            // A new route: the existing session keeps its upstream.
            await WatchedFile.ReplaceAsync(path, Config(port, "one", OtherRoute.Replace("        ", "    ", StringComparison.Ordinal)), ct);
            await Poll.UntilAsync(() => reload.Counts.Applied == 2, TimeSpan.FromSeconds(10), () => gateway.Logs.Dump(), ct);
            using (var kept = await http.PostAsync("/mcp", McpHttp.RequestBody("tools/list"), session, protocolVersion: "2025-11-25", cancellationToken: ct))
            {
                Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
            }

            using (var added = await http.PostAsync("/other", McpHttp.InitializeBody(), cancellationToken: ct))
            {
                Assert.NotEqual(HttpStatusCode.NotFound, added.StatusCode);
            }

            // An invalid file: logged, nothing changes.
            await WatchedFile.ReplaceAsync(path, "binds:\n- port: [oops\n", ct);
            await Poll.UntilAsync(() => reload.Counts.Rejected == 1, TimeSpan.FromSeconds(10), () => gateway.Logs.Dump(), ct);
            Assert.Contains(gateway.Logs.Entries, e => e.Message.Contains("is invalid", StringComparison.Ordinal));
            using (var still = await http.PostAsync("/mcp", McpHttp.RequestBody("tools/list"), session, protocolVersion: "2025-11-25", cancellationToken: ct))
            {
                Assert.Equal(HttpStatusCode.OK, still.StatusCode);
            }

            // Another port: refused (ports change with a restart only).
            await WatchedFile.ReplaceAsync(path, Config(FreePort.Next(), "one"), ct);
            await Poll.UntilAsync(() => reload.Counts.Rejected == 2, TimeSpan.FromSeconds(10), () => gateway.Logs.Dump(), ct);

            // The target changed: its session ends (404, the client re-initializes) and a new one sees the new target.
            await WatchedFile.ReplaceAsync(path, Config(port, "two"), ct);
            await Poll.UntilAsync(() => reload.Counts.Applied == 3, TimeSpan.FromSeconds(10), () => gateway.Logs.Dump(), ct);
            using (var ended = await http.PostAsync("/mcp", McpHttp.RequestBody("tools/list"), session, protocolVersion: "2025-11-25", cancellationToken: ct))
            {
                Assert.Equal(HttpStatusCode.NotFound, ended.StatusCode);
            }

            await using var client = await gateway.ConnectAsync(cancellationToken: ct);
            Assert.Equal("two", client.ServerInstructions);
        }
    }

    [Fact]
    public async Task ReloadsUnderLoad_EightSessionsCallingThroughout_NoRequestFails()
    {
        var ct = TestContext.Current.CancellationToken;
        var (gateway, path, reload) = await StartWatchedAsync(ct);
        await using (gateway)
        {
            var port = gateway.Port;

            var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => gateway.ConnectAsync(cancellationToken: ct)));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            long calls = 0;
            var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var load = clients.Select((client, i) => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var text = await client.CallTextAsync("echo", McpClientTestExtensions.Message($"s{i}"), ct);
                        if (text != $"Echo: s{i}")
                        {
                            failures.Enqueue(text);
                        }

                        Interlocked.Increment(ref calls);
                    }
                    catch (Exception ex) when (!ct.IsCancellationRequested)
                    {
                        failures.Enqueue(ex.Message);
                    }
                }
            }, ct)).ToArray();

            // Valid reloads that leave the sessions' route alone (a route added, changed, removed), and an invalid file
            // in between: each must apply (or be refused) while the eight sessions keep calling.
            string other = OtherRoute.Replace("        ", "    ", StringComparison.Ordinal);
            string[] files =
            [
                Config(port, "one", other),
                Config(port, "one", other.Replace("--version", "--info", StringComparison.Ordinal)),
                "binds:\n- port: [oops\n",
                Config(port, "one"),
                Config(port, "one", other),
                Config(port, "one"),
            ];
            var applied = 1;
            var rejected = 0;
            foreach (var file in files)
            {
                var before = Interlocked.Read(ref calls);

                await WatchedFile.ReplaceAsync(path, file, ct);
                if (file.StartsWith("binds:\n- port: [", StringComparison.Ordinal))
                {
                    rejected++;
                }
                else
                {
                    applied++;
                }

                await Poll.UntilAsync(() => reload.Counts.Applied == applied && reload.Counts.Rejected == rejected, TimeSpan.FromSeconds(10), () => gateway.Logs.Dump(), ct);
                await Poll.UntilAsync(() => Interlocked.Read(ref calls) > before + 20, TimeSpan.FromSeconds(10), () => $"{calls} calls", ct);
            }

            await stop.CancelAsync();
            await Task.WhenAll(load);
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{calls} tools/call from 8 sessions across {applied - 1} applied and {rejected} refused reloads; {failures.Count} failed");
            Assert.Empty(failures);
            Assert.True(calls > files.Length * 20);
        }
    }
}
