using System.Diagnostics;
using System.Globalization;
using System.Text;
using ModelContextProtocol.Client;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The gateway executable as deployed: <c>dotnet agentgateway.dll -f config.yaml</c> (with its own
/// <c>agentgateway.runtimeconfig.json</c>, unlike the in-process <see cref="GatewayTestHost"/>) or the native executable
/// (<see cref="GatewayBuild"/>), its stdout and stderr
/// captured line by line for assertion messages. Disposing kills it and its children if it is still running.
/// </summary>
public sealed class GatewayExecutable : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<string> _stderr = [];

    private GatewayExecutable(Process process)
    {
        _process = process;
    }

    /// <summary>The process.</summary>
    public Process Process => _process;

    /// <summary>Everything written so far on stdout and stderr, interleaved, for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The lines written so far on stderr (where the gateway logs).</summary>
    public IReadOnlyList<string> StderrLines
    {
        get
        {
            lock (_output)
            {
                return [.. _stderr];
            }
        }
    }

    /// <summary>
    /// Starts <c>dotnet agentgateway.dll -f <paramref name="configPath"/></c> in the config file's directory, with
    /// <paramref name="environment"/> added to (or replacing in) the test process's environment.
    /// </summary>
    public static GatewayExecutable Start(string configPath, IReadOnlyDictionary<string, string>? environment = null) =>
        Start(CreateStartInfo(RepoPaths.GatewayDll, configPath), environment);

    /// <summary>As <see cref="Start(string, IReadOnlyDictionary{string, string}?)"/>, with the <paramref name="build"/> asked for.</summary>
    public static async Task<GatewayExecutable> StartAsync(GatewayBuild build, string configPath, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null) =>
        Start(CreateStartInfo(await PathOfAsync(build, cancellationToken), configPath), environment);

    /// <summary>The file of the <paramref name="build"/> asked for (the native one published first when needed).</summary>
    public static async Task<string> PathOfAsync(GatewayBuild build, CancellationToken cancellationToken) =>
        build == GatewayBuild.Native ? await NativeGateway.GetExecutableAsync(cancellationToken) : RepoPaths.GatewayDll;

    /// <summary>
    /// How to start <paramref name="executable"/> (a .dll through <c>dotnet</c>, a native one directly) with
    /// <c>-f <paramref name="configPath"/></c>, in the config file's directory, its standard streams redirected.
    /// </summary>
    public static ProcessStartInfo CreateStartInfo(string executable, string configPath)
    {
        var isDll = executable.EndsWith(".dll", StringComparison.Ordinal);
        var info = new ProcessStartInfo(isDll ? "dotnet" : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(configPath),
        };
        if (isDll)
        {
            info.ArgumentList.Add(executable);
        }

        info.ArgumentList.Add("-f");
        info.ArgumentList.Add(configPath);
        return info;
    }

    /// <summary>Starts the process <paramref name="info"/> describes (made with <see cref="CreateStartInfo"/>, perhaps wrapped).</summary>
    public static GatewayExecutable Start(ProcessStartInfo info, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var gateway = new GatewayExecutable(new Process { StartInfo = info });
        gateway._process.OutputDataReceived += (_, e) => gateway.Append(e.Data, stderr: false);
        gateway._process.ErrorDataReceived += (_, e) => gateway.Append(e.Data, stderr: true);
        gateway._process.Start();
        gateway._process.BeginOutputReadLine();
        gateway._process.BeginErrorReadLine();
        return gateway;
    }

    /// <summary>Polls <c>GET /healthz/ready</c> on <paramref name="readinessUri"/> until it answers 200; fails with the output if the process exits first.</summary>
    public async Task WaitUntilReadyAsync(Uri readinessUri, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(
            async () =>
            {
                Assert.False(_process.HasExited, $"the gateway exited with {(_process.HasExited ? _process.ExitCode : 0)}:{Environment.NewLine}{Output}");
                try
                {
                    using var response = await http.GetAsync(new Uri(readinessUri, "healthz/ready"), cancellationToken);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(30),
            () => $"the gateway did not become ready:{Environment.NewLine}{Output}",
            cancellationToken);
    }

    /// <summary>
    /// Connects the official C# client to <paramref name="endpoint"/>, pinning the session protocol revision as
    /// <see cref="GatewayTestHost.ConnectAsync"/> does.
    /// </summary>
    public static Task<McpClient> ConnectAsync(Uri endpoint, string? bearerToken, CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            ConnectionTimeout = TimeSpan.FromSeconds(30),
            AdditionalHeaders = bearerToken is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + bearerToken },
        });
        return McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = GatewayTestHost.SessionProtocolVersion }, cancellationToken: cancellationToken);
    }

    /// <summary>Sends SIGTERM and waits (at most <paramref name="timeout"/>) for the exit and the end of its output; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))!)
        {
            await kill.WaitForExitAsync(cancellationToken);
            Assert.Equal(0, kill.ExitCode);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            // Also waits for the redirected streams to be read to their end.
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"the gateway did not exit within {timeout} of SIGTERM:{Environment.NewLine}{Output}");
        }

        return _process.ExitCode;
    }

    private void Append(string? line, bool stderr)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (stderr)
            {
                _stderr.Add(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
