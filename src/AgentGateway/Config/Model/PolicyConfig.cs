namespace AgentGateway.Config.Model;

/// <summary>Policies attached to a listener, a route or the <c>mcp:</c> shortcut.</summary>
/// <remarks>
/// This version enforces no policy yet. The loader rejects every policy key, naming it: a gateway that skipped
/// a security policy would be worse than one that refuses to start. Later versions add properties here.
/// </remarks>
public sealed record PolicyConfig
{
}
