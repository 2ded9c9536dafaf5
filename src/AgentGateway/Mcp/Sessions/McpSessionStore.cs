using System.Collections.Concurrent;

namespace AgentGateway.Mcp.Sessions;

/// <summary>The live sessions of this gateway process.</summary>
internal sealed class McpSessionStore
{
    private readonly ConcurrentDictionary<string, McpSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Number of live sessions.</summary>
    public int Count => _sessions.Count;

    /// <summary>All live sessions (a moment's snapshot).</summary>
    public ICollection<McpSession> All => _sessions.Values;

    /// <summary>Adds a session.</summary>
    public void Add(McpSession session) => _sessions[session.Id] = session;

    /// <summary>
    /// Finds a session of <paramref name="backend"/>. A session of another backend is not found, so an id
    /// cannot be replayed on another route to reach its upstreams under that route's policies.
    /// </summary>
    public McpSession? Find(string id, McpBackendModel backend) =>
        _sessions.TryGetValue(id, out var s) && !s.IsDisposed && s.Backend.Key == backend.Key ? s : null;

    /// <summary>Removes a session without ending it.</summary>
    public bool TryRemove(string id, out McpSession? session) => _sessions.TryRemove(id, out session);
}
