namespace AgentGateway.Config.Model;

/// <summary>The root of a configuration file, exactly as the YAML looks.</summary>
/// <remarks>
/// Two forms are accepted, as in the reference gateway: the low-level <c>binds → listeners → routes</c> form
/// and the <c>mcp:</c> shortcut. Both may appear in one file; they are normalized into one list of binds.
/// </remarks>
public sealed record GatewayConfig
{
    /// <summary>Process-wide settings (ports of the admin, stats and readiness servers, logging, sessions). Optional.</summary>
    public StaticConfig? Config { get; init; }

    /// <summary>Ports the gateway listens on, with their listeners. Optional when <see cref="Mcp"/> is set.</summary>
    public IReadOnlyList<BindConfig> Binds { get; init; } = [];

    /// <summary>The <c>mcp:</c> shortcut: one MCP backend served on one port at <c>/mcp</c> and <c>/sse</c>. Optional.</summary>
    public SimpleMcpConfig? Mcp { get; init; }
}
