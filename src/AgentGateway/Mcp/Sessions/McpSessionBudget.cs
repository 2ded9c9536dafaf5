namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// Counts the sessions alive in this gateway process, whatever holds them: client sessions (being initialized or
/// live), legacy SSE sessions, and the warm sessions kept for session-less requests. Each one holds a
/// <see cref="McpSessionSlot"/> until it ends, so <c>config.mcp.maxSessions</c> bounds the upstreams (for a stdio
/// target, the processes) the gateway runs at once. The slots of an authenticated caller's sessions are counted per
/// caller as well, for <c>config.mcp.maxSessionsPerCaller</c>.
/// </summary>
/// <remarks>One lock for both counts: a slot is taken once per session, never per request.</remarks>
internal sealed class McpSessionBudget
{
    private readonly Lock _lock = new();

    /// <summary>Slots held per caller; a caller holding none has no entry.</summary>
    private readonly Dictionary<string, int> _byCaller = new(StringComparer.Ordinal);
    private int _taken;

    /// <summary>Slots taken now.</summary>
    public int Taken => Volatile.Read(ref _taken);

    /// <summary>Slots held now by the sessions of <paramref name="caller"/>.</summary>
    public int TakenBy(string caller)
    {
        lock (_lock)
        {
            return _byCaller.GetValueOrDefault(caller);
        }
    }

    /// <summary>
    /// Takes a slot for a session of <paramref name="caller"/> when fewer than <paramref name="limit"/> are taken and, for
    /// an authenticated caller with a <paramref name="callerLimit"/>, fewer than that many are its own.
    /// </summary>
    /// <param name="limit">The most slots taken at once (<c>config.mcp.maxSessions</c>).</param>
    /// <param name="caller">The authenticated caller the session is for; null for an anonymous one or a shared session.</param>
    /// <param name="callerLimit">The most slots one caller holds (<c>config.mcp.maxSessionsPerCaller</c>); null, no such limit.</param>
    /// <param name="slot">The slot, to release when its session ends; null unless admitted.</param>
    /// <returns>Admitted, or which of the two limits is reached (the caller's is checked first).</returns>
    public McpAdmissionOutcome TryTake(int limit, string? caller, int? callerLimit, out McpSessionSlot? slot)
    {
        slot = null;
        lock (_lock)
        {
            var own = caller is null ? 0 : _byCaller.GetValueOrDefault(caller);
            if (caller is not null && own >= callerLimit)
            {
                return McpAdmissionOutcome.CallerLimitReached;
            }

            if (_taken >= limit)
            {
                return McpAdmissionOutcome.SessionLimitReached;
            }

            if (caller is not null)
            {
                _byCaller[caller] = own + 1;
            }

            Volatile.Write(ref _taken, _taken + 1);
        }

        slot = new McpSessionSlot(this, caller);
        return McpAdmissionOutcome.Admitted;
    }

    /// <summary>Gives back a slot (called once per slot, by <see cref="McpSessionSlot.Release"/>).</summary>
    internal void Return(string? caller)
    {
        lock (_lock)
        {
            Volatile.Write(ref _taken, _taken - 1);
            if (caller is not null && _byCaller.TryGetValue(caller, out var held))
            {
                if (held <= 1)
                {
                    _byCaller.Remove(caller);
                }
                else
                {
                    _byCaller[caller] = held - 1;
                }
            }
        }
    }
}
