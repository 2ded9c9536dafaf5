namespace AgentGateway.Config.Model;

/// <summary>The <c>mcp:</c> shortcut: one MCP backend on one port, matching <c>/mcp</c>, <c>/sse</c> and <c>/.well-known</c>.</summary>
public sealed record SimpleMcpConfig
{
    /// <summary>Port. Default 3000.</summary>
    public int? Port { get; init; }

    /// <summary>Targets. At least one is required.</summary>
    public IReadOnlyList<McpTargetConfig> Targets { get; init; } = [];

    /// <summary>Policies of the implied route. Optional.</summary>
    public PolicyConfig? Policies { get; init; }

    /// <summary>See <see cref="McpBackendConfig.StatefulMode"/>.</summary>
    public McpStatefulMode StatefulMode { get; init; } = McpStatefulMode.Stateful;

    /// <summary>See <see cref="McpBackendConfig.PrefixMode"/>.</summary>
    public McpPrefixMode PrefixMode { get; init; } = McpPrefixMode.Conditional;

    /// <summary>See <see cref="McpBackendConfig.FailureMode"/>.</summary>
    public McpFailureMode FailureMode { get; init; } = McpFailureMode.FailClosed;

    /// <summary>See <see cref="McpBackendConfig.DnsRebindingProtection"/>.</summary>
    public bool DnsRebindingProtection { get; init; }
}
