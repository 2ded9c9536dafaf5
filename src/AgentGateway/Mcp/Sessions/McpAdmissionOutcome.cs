namespace AgentGateway.Mcp.Sessions;

/// <summary>What became of a request for a new session's place (<see cref="McpSessionBudget"/>, <see cref="McpSessionAdmission"/>).</summary>
internal enum McpAdmissionOutcome
{
    /// <summary>The session has its place.</summary>
    Admitted,

    /// <summary><c>config.mcp.maxSessions</c> sessions are alive (and, after admission, all of them busy).</summary>
    SessionLimitReached,

    /// <summary>The caller holds <c>config.mcp.maxSessionsPerCaller</c> sessions (and, after admission, all of them busy).</summary>
    CallerLimitReached,
}
