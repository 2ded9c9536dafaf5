using AgentGateway.Telemetry;

namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// Decides whether a new session may start under <c>config.mcp.maxSessions</c>. Below the limit it always may. At
/// the limit, an idle session makes room: first a warm one kept for session-less requests, then, of the caller holding
/// the most client sessions, the one idle for longest (its client gets 404 on its next request and starts a new
/// session, as the MCP spec asks). A
/// session with a request in progress or a stream open is never ended for another; when every session is busy, the
/// new one is refused.
/// </summary>
internal sealed partial class McpSessionAdmission
{
    private static readonly TimeSpan s_refusalLogInterval = TimeSpan.FromSeconds(10);
    private readonly McpSessionBudget _budget;
    private readonly McpSessionStore _store;
    private readonly McpStatelessSessionPool _pool;
    private readonly TimeProvider _timeProvider;
    private readonly GatewayMetrics? _metrics;
    private readonly ILogger<McpSessionAdmission> _logger;
    private long _lastRefusalLog;
    private int _refusedSinceLog;

    /// <param name="budget">The places sessions hold.</param>
    /// <param name="store">The client sessions, from which an idle one may be ended.</param>
    /// <param name="pool">The warm sessions for session-less requests, ended first.</param>
    /// <param name="timeProvider">Clock of the refusal log's interval.</param>
    /// <param name="logger">Logs evictions, and refusals at most every 10 s.</param>
    /// <param name="metrics">Counts evictions and refusals; null where nothing is measured (unit tests).</param>
    public McpSessionAdmission(
        McpSessionBudget budget, McpSessionStore store, McpStatelessSessionPool pool, TimeProvider timeProvider, ILogger<McpSessionAdmission> logger,
        GatewayMetrics? metrics = null)
    {
        _budget = budget;
        _store = store;
        _pool = pool;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;
        _lastRefusalLog = timeProvider.GetTimestamp() - (long)(s_refusalLogInterval.TotalSeconds * timeProvider.TimestampFrequency);
    }

    /// <summary>A place for a new session of <paramref name="backend"/>, making room when needed.</summary>
    /// <returns>The slot for the session to hold until it ends, or null: refused, every live session is busy.</returns>
    public async ValueTask<McpSessionSlot?> TryAdmitAsync(McpBackendModel backend)
    {
        var limit = backend.Options.MaxSessions;
        while (true)
        {
            if (_budget.TryTake(limit) is { } slot)
            {
                return slot;
            }

            // Each pass ends one session, whose slot another new session may take first: then try again.
            if (!await TryEvictAsync(limit))
            {
                Refused(backend, limit);
                return null;
            }
        }
    }

    private async ValueTask<bool> TryEvictAsync(int limit)
    {
        if (await _pool.TryEvictAsync())
        {
            return true;
        }

        while (_store.FindEvictionCandidate() is { } oldest)
        {
            // Another request may have taken it first (or the reaper ended it): then look again.
            if (_store.TryRemove(oldest.Id, out _))
            {
                Log.SessionEvicted(_logger, oldest.Backend.Key, limit);
                _metrics?.RecordSessionLimited(oldest.Backend.Key, "evicted");
                await oldest.DisposeAsync();
                return true;
            }
        }

        return false;
    }

    private void Refused(McpBackendModel backend, int limit)
    {
        _metrics?.RecordSessionLimited(backend.Key, "refused");
        var refused = Interlocked.Increment(ref _refusedSinceLog);
        var last = Interlocked.Read(ref _lastRefusalLog);
        if (_timeProvider.GetElapsedTime(last) >= s_refusalLogInterval && Interlocked.CompareExchange(ref _lastRefusalLog, _timeProvider.GetTimestamp(), last) == last)
        {
            Interlocked.Add(ref _refusedSinceLog, -refused);
            Log.SessionsRefused(_logger, refused, backend.Key, limit);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2402, Level = LogLevel.Information,
            Message = "MCP session on backend '{Backend}' ended to make room for a new one: {Limit} sessions (config.mcp.maxSessions) were alive, and it was the one idle for longest of the caller holding the most.")]
        public static partial void SessionEvicted(ILogger logger, string backend, int limit);

        [LoggerMessage(EventId = 2403, Level = LogLevel.Warning,
            Message = "{Count} new MCP session(s) refused with 503 (the latest on backend '{Backend}'): {Limit} sessions (config.mcp.maxSessions) are alive and busy. Raise the limit if the host can run more.")]
        public static partial void SessionsRefused(ILogger logger, int count, string backend, int limit);
    }
}
