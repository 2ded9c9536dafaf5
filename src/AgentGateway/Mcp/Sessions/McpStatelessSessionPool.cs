namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// Warm upstream sessions for requests served without a client session (<c>statefulMode: stateless</c>, and every
/// 2026-07-28 request). Without it each such request would start its upstreams afresh — for a stdio target, a new
/// process per request, hundreds of milliseconds each.
/// </summary>
/// <remarks>
/// A pooled session serves one request at a time (it is rented, then returned), so upstream-initiated messages still
/// reach the right request. Sessions are pooled per backend and per client capabilities and protocol era, because
/// servers may offer different tools to clients with different capabilities. Idle ones end after the session TTL, and
/// a key left without sessions is dropped, so keys made up by clients (their capabilities are theirs to choose) leave
/// nothing behind. Every pooled session holds a place in the <see cref="McpSessionBudget"/>; when the budget is spent
/// the least recently used one gives its place up first (<see cref="TryEvictAsync"/>).
/// Upstream state (a logging level, a subscription) can outlive one request: that is the nature of serving
/// stateless clients from stateful servers, and why this pool is only used where no client session exists.
/// </remarks>
internal sealed class McpStatelessSessionPool
{
    /// <summary>Idle sessions kept per key; more are ended when returned.</summary>
    public const int MaxIdlePerKey = 16;

    private readonly Lock _lock = new();

    /// <summary>Idle sessions per key, most recently returned last.</summary>
    private readonly Dictionary<string, List<McpSession>> _idle = new(StringComparer.Ordinal);

    /// <summary>The idle sessions (a moment's snapshot), for the admin API.</summary>
    public IReadOnlyList<McpSession> Idle
    {
        get
        {
            lock (_lock)
            {
                return _idle.Values.SelectMany(sessions => sessions).ToList();
            }
        }
    }

    /// <summary>Number of keys with idle sessions.</summary>
    public int KeyCount
    {
        get
        {
            lock (_lock)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>Takes a healthy idle session for <paramref name="key"/>, ending any dead one met on the way.</summary>
    public async Task<McpSession?> RentAsync(string key)
    {
        while (true)
        {
            McpSession session;
            lock (_lock)
            {
                if (!_idle.TryGetValue(key, out var sessions))
                {
                    return null;
                }

                session = sessions[^1];
                RemoveAt(key, sessions, sessions.Count - 1);
            }

            if (IsReusable(session))
            {
                return session;
            }

            await session.DisposeAsync();
        }
    }

    /// <summary>Gives a session back after its request; ends it when it is unhealthy or its key has enough.</summary>
    public async Task ReturnAsync(string key, McpSession session)
    {
        if (IsReusable(session))
        {
            lock (_lock)
            {
                if (!_idle.TryGetValue(key, out var sessions))
                {
                    _idle.Add(key, sessions = []);
                }

                if (sessions.Count < MaxIdlePerKey)
                {
                    sessions.Add(session);
                    return;
                }
            }
        }

        await session.DisposeAsync();
    }

    /// <summary>Ends the idle session used least recently, to make room for another.</summary>
    /// <param name="owner">Only a session of this caller (<see cref="McpSession.Owner"/>); null, any session.</param>
    /// <returns>Whether there was one to end.</returns>
    public async Task<bool> TryEvictAsync(string? owner = null)
    {
        McpSession oldest;
        lock (_lock)
        {
            string? oldestKey = null;
            foreach (var (key, sessions) in _idle)
            {
                // The first of a key was returned earliest, so it is its key's candidate. A key's sessions are all of one
                // caller (the caller is part of the key).
                if (owner is not null && !string.Equals(sessions[0].Owner, owner, StringComparison.Ordinal))
                {
                    continue;
                }

                if (oldestKey is null || sessions[0].IdleTime > _idle[oldestKey][0].IdleTime)
                {
                    oldestKey = key;
                }
            }

            if (oldestKey is null)
            {
                return false;
            }

            var from = _idle[oldestKey];
            oldest = from[0];
            RemoveAt(oldestKey, from, 0);
        }

        await oldest.DisposeAsync();
        return true;
    }

    /// <summary>Ends idle sessions past their TTL, and dead ones.</summary>
    public Task TrimAsync() => EndWhereAsync(static s => !IsReusable(s) || s.IdleTime > s.Backend.Options.SessionTtl);

    /// <summary>Ends every idle session (shutdown, reload).</summary>
    public Task ClearAsync() => EndWhereAsync(static _ => true);

    private async Task EndWhereAsync(Func<McpSession, bool> end)
    {
        var ended = new List<McpSession>();
        lock (_lock)
        {
            // A dictionary's enumeration survives Remove (not Add).
            foreach (var (key, sessions) in _idle)
            {
                for (var i = sessions.Count - 1; i >= 0; i--)
                {
                    if (end(sessions[i]))
                    {
                        ended.Add(sessions[i]);
                        RemoveAt(key, sessions, i);
                    }
                }
            }
        }

        foreach (var session in ended)
        {
            await session.DisposeAsync();
        }
    }

    /// <summary>Removes one idle session, and its key when it was the last (the caller holds the lock).</summary>
    private void RemoveAt(string key, List<McpSession> sessions, int index)
    {
        sessions.RemoveAt(index);
        if (sessions.Count == 0)
        {
            _idle.Remove(key);
        }
    }

    private static bool IsReusable(McpSession session)
    {
        if (session.IsDisposed)
        {
            return false;
        }

        foreach (var c in session.Connections)
        {
            if (c is { IsAlive: false })
            {
                return false;
            }
        }

        return true;
    }
}
