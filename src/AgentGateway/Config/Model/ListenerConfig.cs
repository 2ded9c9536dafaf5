namespace AgentGateway.Config.Model;

/// <summary>A listener: a protocol and an optional host name on a bind, with its routes.</summary>
public sealed record ListenerConfig
{
    /// <summary>Name used in logs and metrics. Optional; defaults to <c>listener{index}</c>.</summary>
    public string? Name { get; init; }

    /// <summary>Host name this listener answers for (exact, or <c>*.example.com</c>). Optional: any host.</summary>
    public string? Hostname { get; init; }

    /// <summary>Protocol. Default <see cref="ListenerProtocol.Http"/>, or <see cref="ListenerProtocol.Https"/> when <see cref="Tls"/> is set.</summary>
    /// <remarks>All listeners of one bind must agree: a port serves either TLS or plain HTTP.</remarks>
    public ListenerProtocol Protocol { get; init; } = ListenerProtocol.Http;

    /// <summary>Certificate and client-certificate settings; required with <c>protocol: HTTPS</c>.</summary>
    public ListenerTlsConfig? Tls { get; init; }

    /// <summary>Routes, tried in order of specificity. At least one is required.</summary>
    public IReadOnlyList<RouteConfig> Routes { get; init; } = [];

    /// <summary>Policies applied to every route of this listener. Optional.</summary>
    public PolicyConfig? Policies { get; init; }
}
