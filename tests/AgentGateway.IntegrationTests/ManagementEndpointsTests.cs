using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AgentGateway.Hosting;
using AgentGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// The admin, stats and readiness addresses on real Kestrel: what each serves, that none of them reaches the data plane
/// and the data plane reaches none of them, secrets kept out of <c>/config_dump</c>, and a graceful <c>/quitquitquit</c>.
/// </summary>
public sealed class ManagementEndpointsTests : IDisposable
{
    private const string Management = """
        config:
          adminAddr: 127.0.0.1:{adminPort}
          statsAddr: 127.0.0.1:{statsPort}
          readinessAddr: 127.0.0.1:{readinessPort}

        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("agw-management-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Readiness_OnceStarted_Is200()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Management + Targets.Config("", Targets.TestServer("a")), ct);

        using var response = await _http.GetAsync(new Uri(gateway.ReadinessUri!, "healthz/ready"), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready\n", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Metrics_AfterAToolsCall_CountTheCallWithItsLabels()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Management + Targets.Config("", Targets.TestServer("a")), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        Assert.Equal("Echo: hi", await client.CallTextAsync("echo", McpClientTestExtensions.Message("hi"), ct));
        await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => client.CallToolAsync("made-up-name", cancellationToken: ct).AsTask());

        var route = $"{gateway.Port}/listener0/route0";
        string[] expected =
        [
            "agentgateway_mcp_requests_total{method=\"initialize\",target=\"a\",tool=\"\"} 1",
            "agentgateway_mcp_requests_total{method=\"tools/call\",target=\"a\",tool=\"echo\"} 1",
            // A name the target refused is counted without it: clients cannot make up label values.
            "agentgateway_mcp_requests_total{method=\"tools/call\",target=\"a\",tool=\"\"} 1",
            "agentgateway_upstream_call_duration_seconds_count{method=\"tools/call\",target=\"a\"} 2",
            "agentgateway_upstream_call_duration_seconds_count{method=\"initialize\",target=\"a\"} 1",
            $"agentgateway_mcp_sessions_active{{route=\"{route}\"}} 1",
            "agentgateway_mcp_stdio_processes_started_total{target=\"a\"} 1",
            "agentgateway_config_reloads_total{outcome=\"success\"} 1",
            // The tools/call POSTs (and the initialize before them) through the data plane.
            $"agentgateway_requests_total{{method=\"POST\",reason=\"ok\",route=\"{route}\",status=\"200\"}} 3",
        ];
        // A request is counted once its handler has returned, which may be just after the client read the answer: the
        // scrape is repeated until every count is there (or fails with the last one).
        var text = "";
        await Poll.UntilAsync(async () =>
        {
            text = await _http.GetStringAsync(new Uri(gateway.StatsUri!, "metrics"), ct);
            var lines = text.Split('\n');
            return expected.All(lines.Contains);
        }, TimeSpan.FromSeconds(5), () => $"missing: {string.Join("; ", expected.Where(l => !text.Split('\n').Contains(l)))}\n---\n{text}", ct);

        Assert.DoesNotContain("made-up-name", text, StringComparison.Ordinal);
        Assert.DoesNotContain(client.SessionId!, text, StringComparison.Ordinal);
        Assert.DoesNotContain(client.SessionId![..8], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ConfigReloads_CountEachOutcome_AndTheSynchronizedGaugeFollows()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = await WriteConfigAsync("# written once the ports are known", ct);
        var template = "config: {statsAddr: '127.0.0.1:{statsPort}'}\n" + Targets.Config("", Targets.TestServer("a"));
        await using var gateway = await GatewayTestHost.StartAsync(template, ct, path, watch: true);
        var valid = template
            .Replace("{statsPort}", gateway.StatsUri!.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{port}", gateway.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var metrics = new Uri(gateway.StatsUri!, "metrics");

        await WatchedFile.ReplaceAsync(path, valid, ct);
        await Poll.UntilAsync(async () => (await _http.GetStringAsync(metrics, ct)).Contains("agentgateway_config_reloads_total{outcome=\"success\"} 2\n", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), () => gateway.Logs.Dump(), ct);
        Assert.Contains("agentgateway_config_synchronized{} 1\n", await _http.GetStringAsync(metrics, ct), StringComparison.Ordinal);

        await WatchedFile.ReplaceAsync(path, valid + "\nbindz: []\n", ct);
        await Poll.UntilAsync(async () => (await _http.GetStringAsync(metrics, ct)).Contains("agentgateway_config_reloads_total{outcome=\"invalid\"} 1\n", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), () => gateway.Logs.Dump(), ct);
        Assert.Contains("agentgateway_config_synchronized{} 0\n", await _http.GetStringAsync(metrics, ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_McpAuthorizationDenials_AreCountedPerRoute()
    {
        var ct = TestContext.Current.CancellationToken;
        var yaml = Management + $$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - name: tools
                  backends:
                  - mcp: {targets: [{{Targets.TestServer("a")}}]}
                  policies:
                    mcpAuthorization:
                      rules:
                      - 'has(mcp.tool) && mcp.tool.name == "echo"'
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        Assert.Equal("Echo: ok", await client.CallTextAsync("echo", McpClientTestExtensions.Message("ok"), ct));
        await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => client.CallToolAsync("add", cancellationToken: ct).AsTask());

        var text = await _http.GetStringAsync(new Uri(gateway.StatsUri!, "metrics"), ct);
        Assert.Contains($"agentgateway_authorization_denials_total{{policy=\"mcpAuthorization\",route=\"{gateway.Port}/listener0/tools\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("agentgateway_mcp_requests_total{method=\"tools/call\",target=\"a\",tool=\"echo\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tool=\"add\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigDump_ShowsTheConfiguration_WithoutItsSecrets()
    {
        var ct = TestContext.Current.CancellationToken;
        const string EnvSecret = "env-secret-7f3a";
        const string Key = "backend-key-91c2";
        var yaml = Management + $$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - name: tools
                  backends:
                  - mcp:
                      targets:
                      - {{Targets.TestServer("a", env: new Dictionary<string, string> { ["API_TOKEN"] = EnvSecret })}}
                      - name: remote
                        mcp: {host: "http://127.0.0.1:9/mcp"}
                        policies:
                          backendAuth: {key: {{Key}}}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);

        using var response = await _http.GetAsync(new Uri(gateway.AdminUri!, "config_dump"), ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(EnvSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
        var dump = JsonNode.Parse(text)!;
        Assert.Equal(1, dump["revision"]!.GetValue<long>());
        var targets = dump["config"]!["binds"]![0]!["listeners"]![0]!["routes"]![0]!["backends"]![0]!["mcp"]!["targets"]!;
        Assert.Equal("<redacted>", targets[0]!["stdio"]!["env"]!["API_TOKEN"]!.GetValue<string>());
        Assert.Equal("<redacted>", targets[1]!["policies"]!["backendAuth"]!["key"]!["value"]!.GetValue<string>());
        Assert.Equal("tools", dump["config"]!["binds"]![0]!["listeners"]![0]!["routes"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Logging_Post_ChangesTheLevelAtRuntime()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Management + Targets.Config("", Targets.TestServer("a")), ct);
        var probe = gateway.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AgentGateway.Test");
        var logging = new Uri(gateway.AdminUri!, "logging");
        Assert.Equal("debug", JsonNode.Parse(await _http.GetStringAsync(logging, ct))!["level"]!.GetValue<string>());
        Assert.True(probe.IsEnabled(LogLevel.Debug));

        using (var changed = await _http.PostAsync(new Uri(gateway.AdminUri!, "logging?level=warn"), null, ct))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        Assert.Equal("warn", JsonNode.Parse(await _http.GetStringAsync(logging, ct))!["level"]!.GetValue<string>());
        Assert.False(probe.IsEnabled(LogLevel.Information));
        Assert.True(probe.IsEnabled(LogLevel.Warning));

        using var refused = await _http.PostAsync(new Uri(gateway.AdminUri!, "logging?level=loud"), null, ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Sessions_ListALiveSession_WithItsProcess_ButNotItsId()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Management + Targets.Config("", Targets.TestServer("a")), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        var text = await _http.GetStringAsync(new Uri(gateway.AdminUri!, "sessions"), ct);

        Assert.DoesNotContain(client.SessionId!, text, StringComparison.Ordinal);
        var list = JsonNode.Parse(text)!;
        Assert.Equal(1, list["count"]!.GetValue<int>());
        var session = list["sessions"]![0]!;
        Assert.Equal(client.SessionId![..8], session["id"]!.GetValue<string>());
        Assert.Equal($"{gateway.Port}/listener0/route0", session["route"]!.GetValue<string>());
        Assert.Equal("anonymous", session["owner"]!.GetValue<string>());
        var target = session["targets"]![0]!;
        Assert.Equal("a", target["name"]!.GetValue<string>());
        Assert.True(target["alive"]!.GetValue<bool>());
        var pid = target["pid"]!.GetValue<int>();
        Assert.False(System.Diagnostics.Process.GetProcessById(pid).HasExited);
    }

    [Fact]
    public async Task ManagementAndDataPlane_DoNotReachEachOther()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Management + Targets.Config("", Targets.TestServer("a")), ct);

        // Management paths on the data-plane port reach the MCP route, never a management endpoint, whatever the Host header says.
        foreach (var path in (string[])["config_dump", "sessions", "metrics", "healthz/ready", "schema"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url(path));
            request.Headers.Host = $"127.0.0.1:{gateway.AdminUri!.Port.ToString(CultureInfo.InvariantCulture)}";
            using var response = await _http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            Assert.False(response.StatusCode == HttpStatusCode.OK, $"{path} answered on the data plane: {body}");
            Assert.DoesNotContain("agentgateway_", body, StringComparison.Ordinal);
            Assert.DoesNotContain("\"revision\"", body, StringComparison.Ordinal);
        }

        using (var quit = await _http.PostAsync(gateway.Url("quitquitquit"), null, ct))
        {
            Assert.NotEqual(HttpStatusCode.OK, quit.StatusCode);
        }

        Assert.False(gateway.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);

        // MCP on a management port: nothing there.
        foreach (var baseUri in (Uri[])[gateway.AdminUri!, gateway.StatsUri!, gateway.ReadinessUri!])
        {
            using var http = new McpHttp(baseUri);
            using var response = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Null(McpHttp.SessionId(response));
        }
    }

    [Fact]
    public async Task Schema_IsServedOnTheAdminAddress_AsCommitted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Management + Targets.Config("", Targets.TestServer("a")), ct);

        using var response = await _http.GetAsync(new Uri(gateway.AdminUri!, "schema"), ct);

        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            (await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "schema", "config.json"), ct)).ReplaceLineEndings("\n"),
            await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Quitquitquit_StopsTheGateway_WithExitCode0()
    {
        var ct = TestContext.Current.CancellationToken;
        var adminPort = FreePort.Next();
        var path = await WriteConfigAsync($$"""
            config: {adminAddr: '127.0.0.1:{{adminPort}}', statsAddr: 'off', readinessAddr: 'off'}
            {{Targets.Config("", Targets.TestServer("a")).Replace("{port}", FreePort.Next().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)}}
            """, ct);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var run = Task.Run(() => GatewayApp.RunAsync(["-f", path], stdout, stderr, TextReader.Null), ct);
        var admin = new Uri($"http://127.0.0.1:{adminPort}/");
        await Poll.UntilAsync(async () => run.IsCompleted || await AnswersAsync(admin), TimeSpan.FromSeconds(30), () => "the admin address never answered", ct);
        Assert.False(run.IsCompleted, $"the gateway stopped early: {stderr}");

        using (var crossSite = new HttpRequestMessage(HttpMethod.Post, new Uri(admin, "quitquitquit")))
        {
            crossSite.Headers.Add("Origin", "http://evil.example");
            using var refused = await _http.SendAsync(crossSite, ct);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.False(run.IsCompleted);
        using (var quit = await _http.PostAsync(new Uri(admin, "quitquitquit"), null, ct))
        {
            Assert.Equal(HttpStatusCode.OK, quit.StatusCode);
        }

        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(20), ct);
        Assert.True(exitCode == 0, $"exit code {exitCode}: {stderr}");
    }

    [Fact]
    public async Task AdminAddressInUse_FailsAtStartup_NamingTheSettingAndHowToChangeIt()
    {
        var ct = TestContext.Current.CancellationToken;
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var taken = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var path = await WriteConfigAsync($$"""
            config: {adminAddr: '127.0.0.1:{{taken}}', statsAddr: 'off', readinessAddr: 'off'}
            {{Targets.Config("", Targets.TestServer("a")).Replace("{port}", FreePort.Next().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)}}
            """, ct);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await GatewayApp.RunAsync(["-f", path], stdout, stderr, TextReader.Null);

        Assert.Equal(1, exitCode);
        var error = stderr.ToString();
        Assert.Contains($"cannot listen on 127.0.0.1:{taken} for config.adminAddr", error, StringComparison.Ordinal);
        Assert.Contains("'off'", error, StringComparison.Ordinal);
    }

    private async Task<string> WriteConfigAsync(string yaml, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, $"config-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, yaml, cancellationToken);
        return path;
    }

    private async Task<bool> AnswersAsync(Uri admin)
    {
        try
        {
            using var response = await _http.GetAsync(admin);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
