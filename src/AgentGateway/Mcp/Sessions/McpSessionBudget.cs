namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// Counts the sessions alive in this gateway process, whatever holds them: client sessions (being initialized or
/// live), legacy SSE sessions, and the warm sessions kept for session-less requests. Each one holds a
/// <see cref="McpSessionSlot"/> until it ends, so <c>config.mcp.maxSessions</c> bounds the upstreams (for a stdio
/// target, the processes) the gateway runs at once.
/// </summary>
internal sealed class McpSessionBudget
{
    private int _taken;

    /// <summary>Slots taken now.</summary>
    public int Taken => Volatile.Read(ref _taken);

    /// <summary>Takes a slot when fewer than <paramref name="limit"/> are taken.</summary>
    /// <returns>The slot, to release when its session ends; null when the budget is spent.</returns>
    public McpSessionSlot? TryTake(int limit)
    {
        var taken = Volatile.Read(ref _taken);
        while (taken < limit)
        {
            var seen = Interlocked.CompareExchange(ref _taken, taken + 1, taken);
            if (seen == taken)
            {
                return new McpSessionSlot(this);
            }

            taken = seen;
        }

        return null;
    }

    /// <summary>Gives back a slot (called once per slot, by <see cref="McpSessionSlot.Release"/>).</summary>
    internal void Return() => Interlocked.Decrement(ref _taken);
}
