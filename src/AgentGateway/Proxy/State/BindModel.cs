namespace AgentGateway.Proxy.State;

/// <summary>A compiled bind: a port and its listeners, most specific host name first.</summary>
internal sealed class BindModel(int port, IReadOnlyList<ListenerModel> listeners)
{
    /// <summary>The TCP port.</summary>
    public int Port { get; } = port;

    /// <summary>Listeners: exact host names first, then wildcards, then catch-alls.</summary>
    public IReadOnlyList<ListenerModel> Listeners { get; } = listeners;
}
