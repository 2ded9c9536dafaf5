using AgentGateway.Telemetry;

namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// Decides whether a new session may start under <c>config.mcp.maxSessions</c> and <c>config.mcp.maxSessionsPerCaller</c>.
/// Below both limits it always may. An authenticated caller at its own limit makes room from its own sessions: the one
/// idle for longest ends. At the gateway's limit, an idle session makes room: first a warm one kept for session-less
/// requests, then, of the caller holding the most client sessions, the one idle for longest. An ended session's client
/// gets 404 on its next request and starts a new session, as the MCP spec asks. A session with a request in progress or
/// a stream open is never ended for another; when every session that could make room is busy, the new one is refused.
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
    // Refusals are logged at most every 10 s, each limit on its own clock.
    private readonly IntervalLogGate _refusals;
    private readonly IntervalLogGate _callerRefusals;

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
        _refusals = new IntervalLogGate(timeProvider, s_refusalLogInterval);
        _callerRefusals = new IntervalLogGate(timeProvider, s_refusalLogInterval);
    }

    /// <summary>A place for a new session of <paramref name="backend"/>, making room when needed.</summary>
    /// <param name="backend">The backend the session is for; its options carry the limits.</param>
    /// <param name="caller">
    /// The authenticated caller the session is for, counted against <c>config.mcp.maxSessionsPerCaller</c>; null for an
    /// anonymous caller or a session shared by all (the warm session-less ones).
    /// </param>
    /// <returns>The slot for the session to hold until it ends, or the limit that refused it: every session that could make room is busy.</returns>
    public async ValueTask<McpAdmission> TryAdmitAsync(McpBackendModel backend, string? caller = null)
    {
        var limit = backend.Options.MaxSessions;
        var callerLimit = backend.Options.MaxSessionsPerCaller;
        while (true)
        {
            var outcome = _budget.TryTake(limit, caller, callerLimit, out var slot);
            if (outcome == McpAdmissionOutcome.Admitted)
            {
                return new McpAdmission(outcome, slot);
            }

            // Each pass ends one session, whose slot another new session may take first: then try again.
            var evicted = outcome == McpAdmissionOutcome.CallerLimitReached
                ? await TryEvictOwnAsync(caller!, callerLimit!.Value)
                : await TryEvictAsync(limit);
            if (!evicted)
            {
                Refused(backend, outcome, outcome == McpAdmissionOutcome.CallerLimitReached ? callerLimit!.Value : limit);
                return new McpAdmission(outcome, null);
            }
        }
    }

    /// <summary>Ends one of the caller's own idle sessions, to make room for its new one: a warm session-less one first, then the client session idle for longest.</summary>
    private async ValueTask<bool> TryEvictOwnAsync(string caller, int callerLimit)
    {
        if (await _pool.TryEvictAsync(caller))
        {
            return true;
        }

        if (await TryEndClientSessionAsync(() => _store.FindOldestIdleOf(caller)) is not { } ended)
        {
            return false;
        }

        Log.OwnSessionEvicted(_logger, ended.Backend.Key, callerLimit);
        _metrics?.RecordSessionLimited(ended.Backend.Key, "caller_evicted");
        return true;
    }

    /// <summary>Ends an idle session to make room under the gateway's limit: a warm session-less one first, then the choice of <see cref="McpSessionStore.FindEvictionCandidate"/>.</summary>
    private async ValueTask<bool> TryEvictAsync(int limit)
    {
        if (await _pool.TryEvictAsync())
        {
            return true;
        }

        if (await TryEndClientSessionAsync(_store.FindEvictionCandidate) is not { } ended)
        {
            return false;
        }

        Log.SessionEvicted(_logger, ended.Backend.Key, limit);
        _metrics?.RecordSessionLimited(ended.Backend.Key, "evicted");
        return true;
    }

    /// <summary>Ends the client session <paramref name="find"/> picks; null when it finds none (every candidate is busy).</summary>
    private async ValueTask<McpSession?> TryEndClientSessionAsync(Func<McpSession?> find)
    {
        while (find() is { } candidate)
        {
            // Another request may have taken it first (or the reaper ended it): then look again.
            if (_store.TryRemove(candidate.Id, out _))
            {
                await candidate.DisposeAsync();
                return candidate;
            }
        }

        return null;
    }

    private void Refused(McpBackendModel backend, McpAdmissionOutcome outcome, int limit)
    {
        if (outcome == McpAdmissionOutcome.CallerLimitReached)
        {
            _metrics?.RecordSessionLimited(backend.Key, "caller_refused");
            if (_callerRefusals.Occurred(out var count))
            {
                Log.CallerSessionsRefused(_logger, count, backend.Key, limit);
            }
        }
        else
        {
            _metrics?.RecordSessionLimited(backend.Key, "refused");
            if (_refusals.Occurred(out var count))
            {
                Log.SessionsRefused(_logger, count, backend.Key, limit);
            }
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

        [LoggerMessage(EventId = 2404, Level = LogLevel.Information,
            Message = "MCP session on backend '{Backend}' ended to make room for a new one of the same caller: it held {Limit} sessions (config.mcp.maxSessionsPerCaller), and this was its one idle for longest.")]
        public static partial void OwnSessionEvicted(ILogger logger, string backend, int limit);

        [LoggerMessage(EventId = 2405, Level = LogLevel.Warning,
            Message = "{Count} new MCP session(s) refused with 429 (the latest on backend '{Backend}'): the caller holds {Limit} sessions (config.mcp.maxSessionsPerCaller), all busy.")]
        public static partial void CallerSessionsRefused(ILogger logger, int count, string backend, int limit);
    }
}
