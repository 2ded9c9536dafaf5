namespace AgentGateway.Proxy.State;

/// <summary>Holds the current snapshot; swapped atomically, read once per request.</summary>
internal sealed class GatewayStateManager : IGatewayStateAccessor
{
    private GatewaySnapshot? _current;

    /// <inheritdoc />
    public GatewaySnapshot Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException("no configuration loaded yet");

    /// <summary>Publishes a new snapshot. Requests already running keep the one they started with.</summary>
    public void Publish(GatewaySnapshot snapshot) => Volatile.Write(ref _current, snapshot);
}
