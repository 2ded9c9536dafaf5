namespace AgentGateway.Admin;

/// <summary>One MCP session in <c>GET /sessions</c>. Never the full id nor anything of the caller's token.</summary>
/// <param name="Id">The first 8 characters of the session id (as the access log shows it).</param>
/// <param name="Kind"><c>session</c> for a client session, <c>pooled</c> for warm upstreams kept for session-less requests.</param>
/// <param name="Route">The backend route (<c>port/listener/route</c>).</param>
/// <param name="Owner"><c>present</c> when an authenticated caller owns the session, <c>anonymous</c> otherwise.</param>
/// <param name="ProtocolVersion">The MCP protocol version agreed with the client.</param>
/// <param name="IdleSeconds">Seconds since the session was last used.</param>
/// <param name="Busy">Whether a request or a stream is in progress.</param>
/// <param name="Targets">The session's upstreams, in target order.</param>
internal sealed record AdminSessionInfo(
    string Id, string Kind, string Route, string Owner, string ProtocolVersion, double IdleSeconds, bool Busy, IReadOnlyList<AdminUpstreamInfo> Targets);
