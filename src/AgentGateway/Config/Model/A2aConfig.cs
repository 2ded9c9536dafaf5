namespace AgentGateway.Config.Model;

/// <summary>
/// Marks a route to plain HTTP backends as an A2A (agent-to-agent) agent, written <c>a2a: {}</c>. The agent card
/// (<c>/.well-known/agent.json</c>, <c>/.well-known/agent-card.json</c>) is rewritten so that its URLs point at the
/// gateway, and the JSON-RPC method and outcome of each call go to the access log and the metrics.
/// </summary>
public sealed record A2aConfig
{
}
