namespace AgentGateway.Config.Model;

/// <summary>A port the gateway listens on, with its listeners.</summary>
public sealed record BindConfig
{
    /// <summary>TCP port, 1–65535. Required.</summary>
    public int Port { get; init; }

    /// <summary>Listeners on this port. At least one is required.</summary>
    public IReadOnlyList<ListenerConfig> Listeners { get; init; } = [];
}
