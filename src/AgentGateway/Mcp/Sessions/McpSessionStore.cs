using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using AgentGateway.Telemetry;

namespace AgentGateway.Mcp.Sessions;

/// <summary>The live sessions of this gateway process; their count per backend is the active-sessions gauge.</summary>
/// <param name="metrics">Counts sessions in and out; null where nothing is measured (unit tests).</param>
internal sealed class McpSessionStore(GatewayMetrics? metrics = null)
{
    private readonly ConcurrentDictionary<string, McpSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Number of live sessions.</summary>
    public int Count => _sessions.Count;

    /// <summary>All live sessions (a moment's snapshot).</summary>
    public ICollection<McpSession> All => _sessions.Values;

    /// <summary>Adds a session (ids are random and never reused).</summary>
    public void Add(McpSession session)
    {
        if (_sessions.TryAdd(session.Id, session))
        {
            metrics?.AddActiveSession(session.Backend.Key, 1);
        }
    }

    /// <summary>
    /// Finds a session of <paramref name="backend"/>. A session of another backend is not found, so an id
    /// cannot be replayed on another route to reach its upstreams under that route's policies.
    /// </summary>
    public McpSession? Find(string id, McpBackendModel backend) =>
        _sessions.TryGetValue(id, out var s) && !s.IsDisposed && s.Backend.Key == backend.Key ? s : null;

    /// <summary>
    /// The session to end when the session budget is spent: of the caller holding the most sessions (busy ones
    /// counted), the one idle for longest among those with no request in progress and no stream open; null when every
    /// session is busy. So a caller opening sessions without end makes room from its own, not from the others' (all
    /// anonymous callers count as one). A scan of all sessions: it runs only when the budget is spent.
    /// </summary>
    public McpSession? FindEvictionCandidate()
    {
        var holders = new Dictionary<string, (int Count, McpSession? Oldest)>(StringComparer.Ordinal);
        (int Count, McpSession? Oldest) anonymous = default;
        foreach (var (_, session) in _sessions)
        {
            if (session.IsDisposed)
            {
                continue;
            }

            ref var holder = ref session.Owner is { } owner
                ? ref CollectionsMarshal.GetValueRefOrAddDefault(holders, owner, out _)
                : ref anonymous;
            holder.Count++;
            if (!session.IsBusy && (holder.Oldest is null || session.IdleTime > holder.Oldest.IdleTime))
            {
                holder.Oldest = session;
            }
        }

        var chosen = anonymous;
        foreach (var (_, holder) in holders)
        {
            if (holder.Oldest is not null && (chosen.Oldest is null || holder.Count > chosen.Count
                || (holder.Count == chosen.Count && holder.Oldest.IdleTime > chosen.Oldest.IdleTime)))
            {
                chosen = holder;
            }
        }

        return chosen.Oldest;
    }

    /// <summary>
    /// The session of <paramref name="owner"/> idle for longest, among those with no request in progress and no stream
    /// open; null when it has none. Used when that caller reaches <c>config.mcp.maxSessionsPerCaller</c>: a scan of all
    /// sessions, which runs only then.
    /// </summary>
    public McpSession? FindOldestIdleOf(string owner)
    {
        McpSession? oldest = null;
        foreach (var (_, session) in _sessions)
        {
            if (!session.IsDisposed && !session.IsBusy && string.Equals(session.Owner, owner, StringComparison.Ordinal)
                && (oldest is null || session.IdleTime > oldest.IdleTime))
            {
                oldest = session;
            }
        }

        return oldest;
    }

    /// <summary>Removes a session without ending it.</summary>
    public bool TryRemove(string id, out McpSession? session)
    {
        if (!_sessions.TryRemove(id, out session))
        {
            return false;
        }

        metrics?.AddActiveSession(session.Backend.Key, -1);
        return true;
    }
}
