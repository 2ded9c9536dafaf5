namespace AgentGateway.Admin;

/// <summary>The answer of <c>GET</c> and <c>POST /logging</c>.</summary>
/// <param name="Level">The minimum level in force: <c>trace</c>, <c>debug</c>, <c>info</c>, <c>warn</c> or <c>error</c>.</param>
internal sealed record AdminLogLevel(string Level);
