using System.Security.Cryptography;
using AgentGateway.Config.Loading;
using AgentGateway.Mcp.Sessions;
using AgentGateway.Proxy.Authentication;
using AgentGateway.Proxy.State;
using AgentGateway.Security.Tls;
using AgentGateway.Telemetry;

namespace AgentGateway.Hosting;

/// <summary>
/// Hot reload of the <c>-f</c> file. The file is polled (size, time and content hash: this sees editors that replace
/// the file and volume mounts where change notifications never come); a new valid configuration is compiled and
/// swapped in atomically, while requests in flight finish on the snapshot they started with. An invalid one is logged
/// with every error and the last good configuration keeps serving. Sessions whose route and backend are unchanged keep
/// their upstreams; a session whose route disappeared or whose backend (targets, modes) changed is ended, so its
/// client re-initializes on the new configuration (its next request gets 404). Listening ports cannot change without
/// a restart: such a file is refused and logged.
/// </summary>
internal sealed partial class ConfigReloadService(
    GatewayHostOptions options,
    GatewayStateManager state,
    RouteAuthenticationCompiler authentication,
    TlsCertificateStore certificates,
    McpSessionStore sessions,
    McpStatelessSessionPool pool,
    TimeProvider time,
    ILogger<ConfigReloadService> logger,
    GatewayMetrics metrics) : BackgroundService
{
    private byte[]? _loadedHash;
    private long _applied;
    private long _rejected;

    /// <summary>How many changed files were applied, and how many refused (invalid, or changing ports).</summary>
    public (long Applied, long Rejected) Counts => (Interlocked.Read(ref _applied), Interlocked.Read(ref _rejected));

    /// <inheritdoc/>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The file as it is at startup, taken before the host reports started: since .NET 10 ExecuteAsync runs on the
        // thread pool, possibly after the file has already changed, and that change would then go unnoticed.
        _loadedHash = Hash(options.ConfigSourceName!);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = options.ConfigSourceName!;
        using var timer = new PeriodicTimer(options.ReloadPollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var hash = Hash(path);
                if (hash is null || (_loadedHash is not null && hash.AsSpan().SequenceEqual(_loadedHash)))
                {
                    continue;
                }

                _loadedHash = hash;
                await ReloadAsync(path);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; also when the host never started (a port already in use), which would otherwise be logged as a crash.
        }
    }

    private async Task ReloadAsync(string path)
    {
        var result = new ConfigLoader().LoadFile(path);
        if (!result.IsValid)
        {
            Interlocked.Increment(ref _rejected);
            metrics.RecordConfigLoad("invalid");
            Log.ReloadRejected(logger, path, result.Errors.Count);
            foreach (var error in result.Errors)
            {
                Log.ReloadError(logger, error.ToString());
            }

            return;
        }

        var current = state.Current;
        var ports = GatewaySnapshotBuilder.Normalize(result.Config!).Select(b => b.Port).Distinct().Order().ToList();
        if (!ports.SequenceEqual(current.Binds.Keys.Order()))
        {
            Interlocked.Increment(ref _rejected);
            metrics.RecordConfigLoad("ports_changed");
            Log.PortsChanged(logger, path, string.Join(", ", current.Binds.Keys.Order()), string.Join(", ", ports));
            return;
        }

        // Kestrel sets up TLS per port when it starts: a port cannot switch between HTTP and HTTPS without a restart.
        var tlsPorts = GatewayHost.TlsPorts(result.Config!);
        if (!tlsPorts.SetEquals(current.Binds.Values.Where(b => b.IsTls).Select(b => b.Port)))
        {
            Interlocked.Increment(ref _rejected);
            metrics.RecordConfigLoad("ports_changed");
            Log.TlsPortsChanged(logger, path);
            return;
        }

        GatewaySnapshot next;
        try
        {
            next = GatewaySnapshotBuilder.Build(result.Config!, current.Revision + 1, authentication, path, certificates, previous: current);
        }
        catch (ArgumentException ex)
        {
            Interlocked.Increment(ref _rejected);
            metrics.RecordConfigLoad("invalid");
            Log.ReloadRejected(logger, path, 1);
            Log.ReloadError(logger, ex.Message);
            return;
        }

        state.Publish(next);
        metrics.RecordConfigLoad(GatewayMetrics.ConfigLoadSuccess);
        var routes = next.Binds.Values.SelectMany(b => b.Listeners).SelectMany(l => l.Routes).ToDictionary(r => r.Key, StringComparer.Ordinal);
        var ended = 0;
        foreach (var session in sessions.All)
        {
            if (routes.TryGetValue(session.Backend.Key, out var route) && route.Mcp is { } mcp && ConfigComparer.AreEqual(mcp.Config, session.Backend.Config))
            {
                continue;
            }

            if (sessions.TryRemove(session.Id, out var removed) && removed is not null)
            {
                ended++;
                await removed.DisposeAsync();
            }
        }

        // Warm upstreams of session-less requests were made for the old configuration.
        await pool.ClearAsync();
        Interlocked.Increment(ref _applied);
        Log.Reloaded(logger, path, next.Revision, ended);
    }

    private static byte[]? Hash(string path)
    {
        try
        {
            return SHA256.HashData(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Being replaced right now, or gone for a moment: look again at the next tick.
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Configuration {Path} reloaded (revision {Revision}); {Ended} session(s) whose route or targets changed were ended")]
        public static partial void Reloaded(ILogger logger, string path, long revision, int ended);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Configuration {Path} changed but is invalid ({Count} error(s)); the previous configuration keeps serving")]
        public static partial void ReloadRejected(ILogger logger, string path, int count);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "  {Error}")]
        public static partial void ReloadError(ILogger logger, string error);

        [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "Configuration {Path} changed the listening ports ({Old} → {New}); ports change only with a restart, so the previous configuration keeps serving")]
        public static partial void PortsChanged(ILogger logger, string path, string old, string @new);

        [LoggerMessage(EventId = 1105, Level = LogLevel.Error, Message = "Configuration {Path} switches a port between HTTP and HTTPS; that takes a restart, so the previous configuration keeps serving")]
        public static partial void TlsPortsChanged(ILogger logger, string path);
    }
}
