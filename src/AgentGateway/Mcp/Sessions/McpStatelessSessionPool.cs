using System.Collections.Concurrent;

namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// Warm upstream sessions for requests served without a client session (<c>statefulMode: stateless</c>, and every
/// 2026-07-28 request). Without it each such request would start its upstreams afresh — for a stdio target, a new
/// process per request, hundreds of milliseconds each.
/// </summary>
/// <remarks>
/// A pooled session serves one request at a time (it is rented, then returned), so upstream-initiated messages still
/// reach the right request. Sessions are pooled per backend and per client capabilities and protocol era, because
/// servers may offer different tools to clients with different capabilities. Idle ones end after the session TTL.
/// Upstream state (a logging level, a subscription) can outlive one request: that is the nature of serving
/// stateless clients from stateful servers, and why this pool is only used where no client session exists.
/// </remarks>
internal sealed class McpStatelessSessionPool
{
    /// <summary>Idle sessions kept per key; more are ended when returned.</summary>
    public const int MaxIdlePerKey = 16;

    private readonly ConcurrentDictionary<string, ConcurrentStack<McpSession>> _idle = new(StringComparer.Ordinal);

    /// <summary>The idle sessions (a moment's snapshot), for the admin API.</summary>
    public IEnumerable<McpSession> Idle
    {
        get
        {
            foreach (var (_, stack) in _idle)
            {
                foreach (var session in stack)
                {
                    yield return session;
                }
            }
        }
    }

    /// <summary>Takes a healthy idle session for <paramref name="key"/>, ending any dead or expired one met on the way.</summary>
    public async Task<McpSession?> RentAsync(string key)
    {
        if (!_idle.TryGetValue(key, out var stack))
        {
            return null;
        }

        while (stack.TryPop(out var session))
        {
            if (IsReusable(session))
            {
                return session;
            }

            await session.DisposeAsync();
        }

        return null;
    }

    /// <summary>Gives a session back after its request; ends it when it is unhealthy or the pool is full.</summary>
    public async Task ReturnAsync(string key, McpSession session)
    {
        if (IsReusable(session))
        {
            var stack = _idle.GetOrAdd(key, static _ => new ConcurrentStack<McpSession>());
            if (stack.Count < MaxIdlePerKey)
            {
                stack.Push(session);
                return;
            }
        }

        await session.DisposeAsync();
    }

    /// <summary>Ends idle sessions past their TTL.</summary>
    public async Task TrimAsync()
    {
        foreach (var (_, stack) in _idle)
        {
            var keep = new List<McpSession>();
            while (stack.TryPop(out var session))
            {
                if (IsReusable(session) && session.IdleTime <= session.Backend.Options.SessionTtl)
                {
                    keep.Add(session);
                }
                else
                {
                    await session.DisposeAsync();
                }
            }

            keep.Reverse();
            foreach (var session in keep)
            {
                stack.Push(session);
            }
        }
    }

    /// <summary>Ends every idle session (shutdown).</summary>
    public async Task ClearAsync()
    {
        foreach (var (_, stack) in _idle)
        {
            while (stack.TryPop(out var session))
            {
                await session.DisposeAsync();
            }
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
