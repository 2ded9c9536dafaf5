namespace AgentGateway.Config.Model;

/// <summary>Listener protocol.</summary>
public enum ListenerProtocol
{
    /// <summary>Plain HTTP/1.1 and HTTP/2 (prior knowledge).</summary>
    Http,

    /// <summary>HTTP over TLS. Not supported yet.</summary>
    Https,
}
