namespace AgentGateway.Config.Model;

/// <summary>
/// The credential the gateway presents to HTTP MCP targets (<c>mcp</c>, <c>sse</c>): exactly one of
/// <see cref="Passthrough"/> or <see cref="Key"/>. Without it, targets get no <c>Authorization</c> header: the caller's
/// token is never passed on by default (the MCP specification forbids token passthrough).
/// </summary>
public sealed record BackendAuthConfig
{
    /// <summary>Sends the caller's validated token on (<c>Authorization: Bearer …</c>). Needs authentication on the route.</summary>
    public EmptyConfig? Passthrough { get; init; }

    /// <summary>Sends a fixed credential (<c>Authorization: Bearer &lt;key&gt;</c>).</summary>
    public BackendKeyConfig? Key { get; init; }
}
