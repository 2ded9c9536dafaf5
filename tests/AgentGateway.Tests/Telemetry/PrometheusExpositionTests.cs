using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AgentGateway.Config.Model;
using AgentGateway.Hosting;
using AgentGateway.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentGateway.Tests.Telemetry;

/// <summary>
/// The stats address as the gateway composes it (<see cref="ManagementServers"/>, OpenTelemetry's Prometheus exporter),
/// on a real Kestrel: every metric of <see cref="GatewayMetrics"/> under the name and labels docs/operations.md lists.
/// </summary>
public sealed class PrometheusExpositionTests
{
    [Fact]
    public async Task Metrics_ExposedInPrometheusText_WithTheReferenceNamesAndLabels()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort();
        await using var app = await StartStatsAsync(port, ct);
        var metrics = app.Services.GetRequiredService<GatewayMetrics>();

        metrics.RecordRequest("3000/l/r", "POST", 200, "ok", TimeSpan.FromMilliseconds(20));
        metrics.RecordMcpRequest("tools/call", "a", "echo");
        metrics.RecordUpstreamCall("a", "tools/call", TimeSpan.FromMilliseconds(5));
        metrics.AddActiveSession("3000/l/r", 1);
        metrics.RecordSessionLimited("3000/l/r", "evicted");
        metrics.StdioProcessStarted("a");
        metrics.StdioProcessFailed("b");
        metrics.StdioProcessExited("a");
        metrics.RecordJwksFetch(succeeded: true);
        metrics.RecordAuthentication("invalid:Expired");
        metrics.RecordAuthorizationDenied("3000/l/r", "authorization");
        metrics.RecordConfigLoad(GatewayMetrics.ConfigLoadSuccess);

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);

        var lines = text.Split('\n');
        string[] expected =
        [
            "agentgateway_requests_total{method=\"POST\",reason=\"ok\",route=\"3000/l/r\",status=\"200\"} 1",
            "agentgateway_request_duration_seconds_count{method=\"POST\",reason=\"ok\",route=\"3000/l/r\",status=\"200\"} 1",
            "agentgateway_request_duration_seconds_bucket{method=\"POST\",reason=\"ok\",route=\"3000/l/r\",status=\"200\",le=\"0.025\"} 1",
            "agentgateway_mcp_requests_total{method=\"tools/call\",target=\"a\",tool=\"echo\"} 1",
            "agentgateway_upstream_call_duration_seconds_count{method=\"tools/call\",target=\"a\"} 1",
            "agentgateway_mcp_sessions_active{route=\"3000/l/r\"} 1",
            "agentgateway_mcp_sessions_limited_total{outcome=\"evicted\",route=\"3000/l/r\"} 1",
            "agentgateway_mcp_stdio_processes_started_total{target=\"a\"} 1",
            "agentgateway_mcp_stdio_processes_failed_total{target=\"b\"} 1",
            "agentgateway_mcp_stdio_processes_exited_total{target=\"a\"} 1",
            "agentgateway_jwks_fetches_total{outcome=\"success\"} 1",
            "agentgateway_authentication_total{outcome=\"invalid\",reason=\"Expired\"} 1",
            "agentgateway_authorization_denials_total{policy=\"authorization\",route=\"3000/l/r\"} 1",
            "agentgateway_config_reloads_total{outcome=\"success\"} 1",
        ];
        foreach (var line in expected)
        {
            Assert.True(lines.Contains(line), $"missing line: {line}\n---\n{text}");
        }

        Assert.Contains(lines, l => l.StartsWith("agentgateway_config_synchronized", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("agentgateway_build_info{version=", StringComparison.Ordinal));
        Assert.DoesNotContain("otel_scope_name", text, StringComparison.Ordinal);
        Assert.DoesNotContain("target_info", text, StringComparison.Ordinal);

        // The stats address serves nothing else.
        using var other = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/config_dump"), ct);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Scrapes_SeeEachMomentsCounts_NoCaching()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort();
        await using var app = await StartStatsAsync(port, ct);
        var metrics = app.Services.GetRequiredService<GatewayMetrics>();
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{port}/metrics");

        metrics.RecordJwksFetch(succeeded: false);
        Assert.Contains("agentgateway_jwks_fetches_total{outcome=\"failure\"} 1\n", await http.GetStringAsync(url, ct), StringComparison.Ordinal);
        metrics.RecordJwksFetch(succeeded: false);
        Assert.Contains("agentgateway_jwks_fetches_total{outcome=\"failure\"} 2\n", await http.GetStringAsync(url, ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoGatewaysInOneProcess_EachExposesOnlyItsOwnMeasurements()
    {
        var ct = TestContext.Current.CancellationToken;
        var (portA, portB) = TwoFreePorts();
        await using var a = await StartStatsAsync(portA, ct);
        await using var b = await StartStatsAsync(portB, ct);

        a.Services.GetRequiredService<GatewayMetrics>().StdioProcessStarted("only-in-a");

        using var http = new HttpClient();
        Assert.Contains("only-in-a", await http.GetStringAsync(new Uri($"http://127.0.0.1:{portA}/metrics"), ct), StringComparison.Ordinal);
        Assert.DoesNotContain("only-in-a", await http.GetStringAsync(new Uri($"http://127.0.0.1:{portB}/metrics"), ct), StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartStatsAsync(int port, CancellationToken cancellationToken)
    {
        var management = ManagementServers.Resolve(
            new StaticConfig { StatsAddr = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}" }, useDefaults: false, bindPorts: []);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGatewayTelemetry();
        management.AddServices(builder.Services);
        builder.WebHost.ConfigureKestrel(management.Listen);
        var app = builder.Build();
        management.Use(app);
        await app.StartAsync(cancellationToken);
        return app;
    }

    private static int FreePort() => TwoFreePorts().A;

    /// <summary>Two distinct free loopback ports: both listeners are held until both ports are read, so the kernel
    /// cannot hand the first one out again as the second.</summary>
    private static (int A, int B) TwoFreePorts()
    {
        var a = new TcpListener(IPAddress.Loopback, 0);
        var b = new TcpListener(IPAddress.Loopback, 0);
        a.Start();
        try
        {
            b.Start();
            try
            {
                return (((IPEndPoint)a.LocalEndpoint).Port, ((IPEndPoint)b.LocalEndpoint).Port);
            }
            finally
            {
                b.Stop();
            }
        }
        finally
        {
            a.Stop();
        }
    }
}
