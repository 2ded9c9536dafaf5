namespace AgentGateway.Admin;

/// <summary>One upstream of a session in <c>GET /sessions</c>.</summary>
/// <param name="Name">The target name.</param>
/// <param name="Alive">Whether the upstream is connected (false after it closed or failed).</param>
/// <param name="Pid">The process id of a stdio target; absent for HTTP targets.</param>
internal sealed record AdminUpstreamInfo(string Name, bool Alive, int? Pid);
