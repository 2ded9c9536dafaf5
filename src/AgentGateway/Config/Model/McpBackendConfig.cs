namespace AgentGateway.Config.Model;

/// <summary>An MCP backend: the MCP servers (targets) served together behind one endpoint.</summary>
public sealed record McpBackendConfig
{
    /// <summary>Targets. At least one is required; names must be unique.</summary>
    public IReadOnlyList<McpTargetConfig> Targets { get; init; } = [];

    /// <summary>Session handling. Default <see cref="McpStatefulMode.Stateful"/>.</summary>
    public McpStatefulMode StatefulMode { get; init; } = McpStatefulMode.Stateful;

    /// <summary>Name prefixing of tools, prompts and resources. Default <see cref="McpPrefixMode.Conditional"/>.</summary>
    public McpPrefixMode PrefixMode { get; init; } = McpPrefixMode.Conditional;

    /// <summary>What happens when a target fails to start. Default <see cref="McpFailureMode.FailClosed"/>.</summary>
    public McpFailureMode FailureMode { get; init; } = McpFailureMode.FailClosed;

    /// <summary>Refuse (403) requests whose Host or Origin is not a loopback name, against DNS rebinding. Default false.</summary>
    public bool DnsRebindingProtection { get; init; }
}
