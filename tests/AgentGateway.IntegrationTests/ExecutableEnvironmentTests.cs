using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// The executable ignores ASP.NET Core's own configuration — environment variables and <c>appsettings*.json</c> files in
/// its working directory, even invalid ones — by which the web defaults would add middleware or Kestrel would listen where
/// the configuration file does not say: the gateway's pipeline is what its configuration says, wherever it is deployed.
/// Nor does it watch the directory it runs in; it may open as many files as the hard limit allows; and the stdio
/// servers it starts inherit its environment but not the runtime switch it sets for itself.
/// </summary>
public sealed class ExecutableEnvironmentTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("agw-exe-env-").FullName;

    [Fact]
    public async Task Executable_IgnoresAspNetCoreConfiguration_FromEnvironmentAndAppSettings()
    {
        var ct = TestContext.Current.CancellationToken;
        int port = FreePort.Next(), readinessPort = FreePort.Next(), envPort = FreePort.Next(), appSettingsPort = FreePort.Next();

        // ASP.NET Core's own configuration, in the directory the gateway runs in: not the gateway's.
        var appSettings = new JsonObject
        {
            ["AllowedHosts"] = "only.example.com",
            ["Kestrel"] = new JsonObject { ["Endpoints"] = new JsonObject { ["Extra"] = new JsonObject { ["Url"] = $"http://127.0.0.1:{appSettingsPort.ToString(CultureInfo.InvariantCulture)}" } } },
        };
        await File.WriteAllTextAsync(Path.Combine(_directory, "appsettings.json"), appSettings.ToJsonString(), ct);

        // Not even read: the web defaults would read this one too (the environment is Production), and its JSON error
        // stopped the gateway from starting.
        await File.WriteAllTextAsync(Path.Combine(_directory, "appsettings.Production.json"), "{ not json", ct);
        var configPath = await WriteOkConfigAsync(port, readinessPort, ct, """authorization: {rules: ['source.address.endsWith("127.0.0.1")']}""");

        await using var gateway = GatewayExecutable.Start(configPath, new Dictionary<string, string>
        {
            // Each of these changed what the gateway did before it removed the web defaults' middleware: forwarded headers
            // trusted from any client (source.address taken from X-Forwarded-For), and a 400 for any other Host.
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            ["ASPNETCORE_ALLOWEDHOSTS"] = "only.example.com",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Kestrel__Endpoints__Env__Url"] = $"http://127.0.0.1:{envPort.ToString(CultureInfo.InvariantCulture)}",
        });
        await gateway.WaitUntilReadyAsync(Readiness(readinessPort), ct);
        var because = () => $"{Environment.NewLine}gateway output:{Environment.NewLine}{gateway.Output}";

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/") };
        using (var plain = await http.GetAsync("x", ct))
        {
            Assert.True(plain.StatusCode == HttpStatusCode.OK, $"plain request: {(int)plain.StatusCode}{because()}");
            Assert.Equal("ok", await plain.Content.ReadAsStringAsync(ct));
        }

        using (var spoofed = new HttpRequestMessage(HttpMethod.Get, "x"))
        {
            spoofed.Headers.Add("X-Forwarded-For", "10.9.9.9");
            spoofed.Headers.Add("X-Forwarded-Proto", "https");
            using var response = await http.SendAsync(spoofed, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"X-Forwarded-For from the client became source.address: {(int)response.StatusCode}{because()}");
        }

        using (var otherHost = new HttpRequestMessage(HttpMethod.Get, "x"))
        {
            otherHost.Headers.Host = "api.example.org";
            using var response = await http.SendAsync(otherHost, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Host outside ASPNETCORE_ALLOWEDHOSTS: {(int)response.StatusCode}{because()}");
        }

        // Kestrel endpoints from the environment or appsettings.json: nothing listens there.
        foreach (var extra in new[] { envPort, appSettingsPort })
        {
            using var probe = new HttpClient();
            var error = await Assert.ThrowsAsync<HttpRequestException>(() => probe.GetAsync(new Uri($"http://127.0.0.1:{extra.ToString(CultureInfo.InvariantCulture)}/x"), ct));
            Assert.True(error.HttpRequestError == HttpRequestError.ConnectionError, $"port {extra}: {error.Message}{because()}");
        }
    }

    [Theory]
    [InlineData(GatewayBuild.Jit)]
    [InlineData(GatewayBuild.Native)]
    public async Task Executable_DoesNotWatchItsWorkingDirectory(GatewayBuild build)
    {
        // The web defaults watch the working directory, recursively, for an appsettings.json that the gateway ignores: from
        // a repository that was thousands of inotify watches, from / (systemd's and many images' working directory) tens of
        // thousands, out of a per-user limit shared with every other program, and the gateway woke for every write below it.
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 8; i++)
        {
            Directory.CreateDirectory(Path.Combine(_directory, $"d{i}", "nested"));
        }

        int port = FreePort.Next(), readinessPort = FreePort.Next();
        var configPath = await WriteOkConfigAsync(port, readinessPort, ct);

        // The host setting that turns the watch on, from the environment: not read either.
        await using var gateway = await GatewayExecutable.StartAsync(build, configPath, ct, new Dictionary<string, string>
        {
            ["DOTNET_hostBuilder__reloadConfigOnChange"] = "true",
        });
        await gateway.WaitUntilReadyAsync(Readiness(readinessPort), ct);

        var watchers = Directory.GetFiles($"/proc/{gateway.Process.Id.ToString(CultureInfo.InvariantCulture)}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Where(target => target is not null && target.Contains("inotify", StringComparison.Ordinal))
            .ToList();
        Assert.True(watchers.Count == 0, $"the gateway holds {watchers.Count} inotify instance(s){Environment.NewLine}gateway output:{Environment.NewLine}{gateway.Output}");

        // Still serving.
        using var http = new HttpClient();
        Assert.Equal("ok", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/x"), ct));
    }

    [Theory]
    [InlineData(GatewayBuild.Jit)]
    [InlineData(GatewayBuild.Native)]
    public async Task Executable_RaisesItsOpenFileLimit_AndServesMoreConnectionsThanTheSoftLimitItWasGiven(GatewayBuild build)
    {
        // Started with a soft limit of 256 open files (1024 is the usual default, under systemd too): every connection is a
        // descriptor, and every stdio session three. The JIT runtime raises the soft limit to the hard one at start; the
        // native runtime of .NET 10 does not, so the gateway does.
        const int SoftLimit = 256, Connections = 300;
        var ct = TestContext.Current.CancellationToken;
        int port = FreePort.Next(), readinessPort = FreePort.Next();
        var configPath = await WriteOkConfigAsync(port, readinessPort, ct);

        var gatewayStart = GatewayExecutable.CreateStartInfo(await GatewayExecutable.PathOfAsync(build, ct), configPath);
        var shell = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = gatewayStart.WorkingDirectory,
        };
        shell.ArgumentList.Add("-c");
        shell.ArgumentList.Add($"ulimit -Sn {SoftLimit.ToString(CultureInfo.InvariantCulture)} && exec \"$0\" \"$@\"");
        shell.ArgumentList.Add(gatewayStart.FileName);
        foreach (var argument in gatewayStart.ArgumentList)
        {
            shell.ArgumentList.Add(argument);
        }

        await using var gateway = GatewayExecutable.Start(shell);
        await gateway.WaitUntilReadyAsync(Readiness(readinessPort), ct);
        var because = () => $"{Environment.NewLine}gateway output:{Environment.NewLine}{gateway.Output}";

        // /proc/<pid>/limits: "Max open files            <soft>     <hard>     files"
        var limits = (await File.ReadAllLinesAsync($"/proc/{gateway.Process.Id.ToString(CultureInfo.InvariantCulture)}/limits", ct))
            .Single(line => line.StartsWith("Max open files", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(limits[3] == limits[4] && limits[3] != SoftLimit.ToString(CultureInfo.InvariantCulture),
            $"soft limit {limits[3]}, hard limit {limits[4]}: the soft limit was not raised{because()}");

        // Every connection open at once, then one request on each: all are answered.
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < Connections; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                await socket.ConnectAsync(IPAddress.Loopback, port, ct);
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(30));
            var request = "GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray();
            var answers = await Task.WhenAll(sockets.Select(async socket =>
            {
                await socket.SendAsync(request, SocketFlags.None, deadline.Token);
                var buffer = new byte[1024];
                var length = 0;
                try
                {
                    while (!Encoding.ASCII.GetString(buffer, 0, length).EndsWith("ok", StringComparison.Ordinal))
                    {
                        var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, deadline.Token);
                        if (read == 0)
                        {
                            break;
                        }

                        length += read;
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // No answer within the deadline: counted below.
                }

                return Encoding.ASCII.GetString(buffer, 0, length);
            }));
            var failed = answers.Count(a => !a.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) || !a.EndsWith("ok", StringComparison.Ordinal));
            Assert.True(failed == 0, $"{failed} of {Connections} connections were not answered 200 \"ok\"{because()}");
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    [Theory]
    [InlineData(GatewayBuild.Jit)]
    [InlineData(GatewayBuild.Native)]
    public async Task Executable_StdioServersInheritItsEnvironment_ButNotTheRuntimeSwitchItSetsForItself(GatewayBuild build)
    {
        // The gateway turns inline socket completions on for itself. A .NET MCP server (the test server is one) that
        // inherited the switch would run its socket continuations on the socket engine's threads, where blocking code
        // stalls every socket of the server.
        const string Switch = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
        var ct = TestContext.Current.CancellationToken;
        int port = FreePort.Next(), readinessPort = FreePort.Next();
        var targets = $"{Targets.TestServer("a")}, {Targets.TestServer("b", env: new Dictionary<string, string> { [Switch] = "1" })}";
        var configPath = await WriteConfigAsync(port, readinessPort, $"{{backends: [{{mcp: {{targets: [{targets}]}}}}]}}", ct);

        await using var gateway = await GatewayExecutable.StartAsync(build, configPath, ct, new Dictionary<string, string>
        {
            ["AGW_TEST_INHERITED"] = "from the gateway's environment",
        });
        await gateway.WaitUntilReadyAsync(Readiness(readinessPort), ct);
        await using var client = await GatewayExecutable.ConnectAsync(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/mcp"), bearerToken: null, ct);
        async Task<string> EnvAsync(string tool, string name) =>
            (await client.CallToolAsync(tool, new Dictionary<string, object?> { ["name"] = name }, cancellationToken: ct)).Text();

        Assert.Equal("<unset>", await EnvAsync("a_env", Switch));
        Assert.Equal("from the gateway's environment", await EnvAsync("a_env", "AGW_TEST_INHERITED"));

        // A target's own `env` still sets it.
        Assert.Equal("1", await EnvAsync("b_env", Switch));
    }

    /// <summary>
    /// A configuration whose one bind answers 200 "ok" to everything (after <paramref name="policy"/>, another policy of
    /// the route in flow style, if any), with readiness on its own port; returns its path.
    /// </summary>
    private Task<string> WriteOkConfigAsync(int port, int readinessPort, CancellationToken ct, string? policy = null) =>
        WriteConfigAsync(port, readinessPort, "{policies: {" + (policy is null ? "" : policy + ", ") + """directResponse: {status: 200, body: "b2s="}}}""", ct);

    /// <summary>
    /// A configuration with one bind and one <paramref name="route"/> (in flow style), the admin and stats addresses off
    /// and readiness on its own port; returns its path.
    /// </summary>
    private async Task<string> WriteConfigAsync(int port, int readinessPort, string route, CancellationToken ct)
    {
        var configPath = Path.Combine(_directory, "config.yaml");
        await File.WriteAllTextAsync(configPath, $$"""
            config: {adminAddr: "off", statsAddr: "off", readinessAddr: 127.0.0.1:{{readinessPort}}}
            binds:
            - port: {{port}}
              listeners:
              - routes: [{{route}}]
            """, ct);
        return configPath;
    }

    /// <summary>The readiness address the configurations above give the gateway.</summary>
    private static Uri Readiness(int readinessPort) => new($"http://127.0.0.1:{readinessPort.ToString(CultureInfo.InvariantCulture)}/");

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }
}
