namespace AgentGateway.Admin;

/// <summary>The answer of <c>GET /sessions</c>.</summary>
/// <param name="Count">How many client sessions are live (pooled upstreams not included).</param>
/// <param name="Sessions">Client sessions first, then pooled upstreams.</param>
internal sealed record AdminSessionList(int Count, IReadOnlyList<AdminSessionInfo> Sessions);
