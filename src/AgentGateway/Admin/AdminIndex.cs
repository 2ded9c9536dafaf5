namespace AgentGateway.Admin;

/// <summary>The answer of <c>GET /</c> on the admin address: what it serves.</summary>
/// <param name="Version">The gateway's version.</param>
/// <param name="Endpoints">Method and path of each endpoint, with what it does.</param>
internal sealed record AdminIndex(string Version, IReadOnlyDictionary<string, string> Endpoints);
