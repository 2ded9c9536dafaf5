namespace AgentGateway.Config.Model;

/// <summary>Listener protocol.</summary>
public enum ListenerProtocol
{
    /// <summary>Plain HTTP/1.1 and HTTP/2 (prior knowledge).</summary>
    Http,

    /// <summary>HTTP/1.1 and HTTP/2 over TLS, with the listener's <c>tls</c> settings.</summary>
    Https,
}
