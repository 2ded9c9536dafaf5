namespace AgentGateway.Mcp.Sessions;

/// <summary>One place in the <see cref="McpSessionBudget"/>, held by a session from before it starts its upstreams until they have ended.</summary>
/// <param name="budget">The budget the place is given back to.</param>
/// <param name="caller">The authenticated caller whose place it is too; null for an anonymous or shared session.</param>
internal sealed class McpSessionSlot(McpSessionBudget budget, string? caller)
{
    private int _released;

    /// <summary>Gives the place back; later calls do nothing.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            budget.Return(caller);
        }
    }
}
