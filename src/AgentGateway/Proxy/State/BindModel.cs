using AgentGateway.Proxy.Routing;
using AgentGateway.Security.Tls;

namespace AgentGateway.Proxy.State;

/// <summary>A compiled bind: a port and its listeners, most specific host name first.</summary>
internal sealed class BindModel(int port, IReadOnlyList<ListenerModel> listeners)
{
    /// <summary>The TCP port.</summary>
    public int Port { get; } = port;

    /// <summary>Listeners: exact host names first, then wildcards, then catch-alls.</summary>
    public IReadOnlyList<ListenerModel> Listeners { get; } = listeners;

    /// <summary>Whether the port serves HTTPS (then every listener has <see cref="ListenerModel.Tls"/>).</summary>
    public bool IsTls => Listeners.Count > 0 && Listeners[0].Tls is not null;

    /// <summary>Whether the listeners have different TLS settings, so that a request must arrive on a connection made with its own listener's.</summary>
    public bool HasSeveralTlsSettings { get; } = listeners.Select(l => l.Tls?.Key).Distinct(StringComparer.Ordinal).Count() > 1;

    /// <summary>
    /// The TLS settings for a handshake that asked for <paramref name="serverName"/> (SNI): the most specific listener
    /// whose host name matches; without a match (or without SNI, as when the client connects to an IP address), the
    /// least specific listener, which is the catch-all one when there is one.
    /// </summary>
    public ServerTlsSettings? SelectTls(string? serverName)
    {
        if (!string.IsNullOrEmpty(serverName))
        {
            foreach (var listener in Listeners)
            {
                if (listener.Host.Matches(serverName))
                {
                    return listener.Tls;
                }
            }
        }

        return Listeners.Count == 0 ? null : Listeners[^1].Tls;
    }
}
