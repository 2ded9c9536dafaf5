namespace AgentGateway.Proxy.State;

/// <summary>Read-only access to the current snapshot (for the data plane and the admin API).</summary>
internal interface IGatewayStateAccessor
{
    /// <summary>The snapshot in force.</summary>
    GatewaySnapshot Current { get; }
}
