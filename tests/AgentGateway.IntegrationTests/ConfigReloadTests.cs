using System.Net;
using AgentGateway.Hosting;
using AgentGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGateway.IntegrationTests;

/// <summary>Hot reload of the configuration file: valid changes apply without a restart, sessions survive unless their backend changed, bad files change nothing.</summary>
public sealed class ConfigReloadTests
{
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
        var directory = Directory.CreateTempSubdirectory("agw-reload-");
        try
        {
            var path = Path.Combine(directory.FullName, "config.yaml");
            await File.WriteAllTextAsync(path, "# written once the port is known", ct);
            var template = Config(0, "one").Replace("- port: 0", "- port: {port}", StringComparison.Ordinal);
            await using var gateway = await GatewayTestHost.StartAsync(template, ct, path, watch: true);
            var port = gateway.Port;
            var reload = gateway.Services.GetRequiredService<ConfigReloadService>();
            await File.WriteAllTextAsync(path, Config(port, "one"), ct);
            await Poll.UntilAsync(() => reload.Counts.Applied == 1, TimeSpan.FromSeconds(10), () => gateway.Logs.Dump(), ct);
            using var http = gateway.CreateHttp();
            var session = await http.InitializeAsync(cancellationToken: ct);

            // A new route: the existing session keeps its upstream.
            await File.WriteAllTextAsync(path, Config(port, "one", OtherRoute.Replace("        ", "    ", StringComparison.Ordinal)), ct);
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
            await File.WriteAllTextAsync(path, "binds:\n- port: [oops\n", ct);
            await Poll.UntilAsync(() => reload.Counts.Rejected == 1, TimeSpan.FromSeconds(10), () => gateway.Logs.Dump(), ct);
            Assert.Contains(gateway.Logs.Entries, e => e.Message.Contains("is invalid", StringComparison.Ordinal));
            using (var still = await http.PostAsync("/mcp", McpHttp.RequestBody("tools/list"), session, protocolVersion: "2025-11-25", cancellationToken: ct))
            {
                Assert.Equal(HttpStatusCode.OK, still.StatusCode);
            }

            // Another port: refused (ports change with a restart only).
            await File.WriteAllTextAsync(path, Config(FreePort.Next(), "one"), ct);
            await Poll.UntilAsync(() => reload.Counts.Rejected == 2, TimeSpan.FromSeconds(10), () => gateway.Logs.Dump(), ct);

            // The target changed: its session ends (404, the client re-initializes) and a new one sees the new target.
            await File.WriteAllTextAsync(path, Config(port, "two"), ct);
            await Poll.UntilAsync(() => reload.Counts.Applied == 3, TimeSpan.FromSeconds(10), () => gateway.Logs.Dump(), ct);
            using (var ended = await http.PostAsync("/mcp", McpHttp.RequestBody("tools/list"), session, protocolVersion: "2025-11-25", cancellationToken: ct))
            {
                Assert.Equal(HttpStatusCode.NotFound, ended.StatusCode);
            }

            await using var client = await gateway.ConnectAsync(cancellationToken: ct);
            Assert.Equal("two", client.ServerInstructions);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
