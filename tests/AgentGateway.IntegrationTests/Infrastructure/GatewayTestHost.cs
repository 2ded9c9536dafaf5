using System.Globalization;
using System.Net;
using AgentGateway.Config.Loading;
using AgentGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The real gateway on real Kestrel, on a free loopback port: YAML → <see cref="ConfigLoader"/> (must be valid) →
/// <see cref="GatewayHost.Build"/> → started. Logs are captured in memory instead of the console.
/// </summary>
public sealed class GatewayTestHost : IAsyncDisposable
{
    /// <summary>The protocol version the tests pin so that the client opens a session (see <see cref="ConnectAsync"/>).</summary>
    public const string SessionProtocolVersion = "2025-11-25";

    private readonly WebApplication _app;

    private GatewayTestHost(WebApplication app, int port, CapturingLoggerProvider logs, IReadOnlyDictionary<string, int> managementPorts)
    {
        _app = app;
        Port = port;
        Logs = logs;
        BaseUri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        AdminUri = LoopbackUri(managementPorts, AdminPortPlaceholder);
        StatsUri = LoopbackUri(managementPorts, StatsPortPlaceholder);
        ReadinessUri = LoopbackUri(managementPorts, ReadinessPortPlaceholder);
    }

    /// <summary>In a template, a free port for <c>config.adminAddr</c> (e.g. <c>adminAddr: 127.0.0.1:{adminPort}</c>).</summary>
    public const string AdminPortPlaceholder = "{adminPort}";

    /// <summary>In a template, a free port for <c>config.statsAddr</c>.</summary>
    public const string StatsPortPlaceholder = "{statsPort}";

    /// <summary>In a template, a free port for <c>config.readinessAddr</c>.</summary>
    public const string ReadinessPortPlaceholder = "{readinessPort}";

    /// <summary>The bind port.</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary><c>http://127.0.0.1:{adminPort}/</c> when the template used the placeholder, else null.</summary>
    public Uri? AdminUri { get; }

    /// <summary><c>http://127.0.0.1:{statsPort}/</c> when the template used the placeholder, else null.</summary>
    public Uri? StatsUri { get; }

    /// <summary><c>http://127.0.0.1:{readinessPort}/</c> when the template used the placeholder, else null.</summary>
    public Uri? ReadinessUri { get; }

    /// <summary>Every log line the gateway wrote.</summary>
    public CapturingLoggerProvider Logs { get; }

    /// <summary>The gateway's services (for white-box checks such as the session count).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a gateway for <paramref name="yamlTemplate"/>, in which every <c>{port}</c> is replaced by a free port (and
    /// <c>{adminPort}</c>, <c>{statsPort}</c>, <c>{readinessPort}</c> by others). Retries with other ports if a picked one
    /// was taken in the meantime. The admin, stats and readiness addresses are served only when the YAML sets them
    /// (<see cref="GatewayHostOptions.ManagementDefaults"/> off): tests run side by side and must not collide on the defaults.
    /// </summary>
    /// <param name="yamlTemplate">The configuration, with <c>{port}</c> placeholders.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="sourceName">The file the configuration stands for (relative paths in it are relative to its directory).</param>
    /// <param name="watch">Whether the gateway reloads <paramref name="sourceName"/> when it changes (polled every 100 ms).</param>
    public static async Task<GatewayTestHost> StartAsync(string yamlTemplate, CancellationToken cancellationToken, string sourceName = "test.yaml", bool watch = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var yaml = yamlTemplate.Replace("{port}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            var managementPorts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var placeholder in (string[])[AdminPortPlaceholder, StatsPortPlaceholder, ReadinessPortPlaceholder])
            {
                if (yaml.Contains(placeholder, StringComparison.Ordinal))
                {
                    managementPorts[placeholder] = FreePort.Next();
                    yaml = yaml.Replace(placeholder, managementPorts[placeholder].ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                }
            }

            var loaded = new ConfigLoader().LoadText(yaml, sourceName);
            Assert.True(loaded.IsValid, $"The test configuration is invalid:{Environment.NewLine}{string.Join(Environment.NewLine, loaded.Errors)}{Environment.NewLine}---{Environment.NewLine}{yaml}");

            var logs = new CapturingLoggerProvider();
            var app = GatewayHost.Build(loaded.Config!, new GatewayHostOptions
            {
                ListenAddress = IPAddress.Loopback,
                ConfigSourceName = sourceName,
                ManagementDefaults = false,
                WatchConfigFile = watch,
                ReloadPollInterval = TimeSpan.FromMilliseconds(100),
                ConfigureLogging = logging =>
                {
                    logging.ClearProviders();
                    logging.AddProvider(logs);
                    logging.SetMinimumLevel(LogLevel.Debug);
                },
            });
            try
            {
                await app.StartAsync(cancellationToken);
                return new GatewayTestHost(app, port, logs, managementPorts);
            }
            catch (IOException) when (attempt < 3)
            {
                await app.DisposeAsync();
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }
    }

    private static Uri? LoopbackUri(IReadOnlyDictionary<string, int> ports, string placeholder) =>
        ports.TryGetValue(placeholder, out var port) ? new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/") : null;

    /// <summary>An absolute URL on the gateway.</summary>
    public Uri Url(string path = "/mcp") => new(BaseUri, path.TrimStart('/'));

    /// <summary>
    /// Connects the official C# client. By default it pins <see cref="SessionProtocolVersion"/>: left to itself the
    /// 2.4 client prefers the stateless 2026-07-28 revision, under which the gateway has no session (and so no
    /// server→client requests, and a fresh upstream per request). See <c>ProtocolNegotiationTests</c>.
    /// </summary>
    public Task<McpClient> ConnectAsync(
        string path = "/mcp",
        McpClientOptions? options = null,
        HttpTransportMode mode = HttpTransportMode.StreamableHttp,
        string? bearerToken = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new McpClientOptions { ProtocolVersion = SessionProtocolVersion };
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Url(path),
            TransportMode = mode,
            ConnectionTimeout = TimeSpan.FromSeconds(30),
            AdditionalHeaders = bearerToken is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + bearerToken },
        });
        return McpClient.CreateAsync(transport, options, cancellationToken: cancellationToken);
    }

    /// <summary>A raw HTTP client for protocol-level assertions.</summary>
    public McpHttp CreateHttp() => new(BaseUri);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
