namespace AgentGateway.Config.Model;

/// <summary>
/// TLS of an <c>HTTPS</c> listener: its certificate and key, and optionally the CA that client certificates must chain
/// to (mutual TLS). Files are PEM; relative paths are relative to the configuration file. The files are watched: a
/// changed certificate is used for new connections, a broken one is logged and the previous one kept.
/// </summary>
public sealed record ListenerTlsConfig
{
    /// <summary>The server certificate (PEM), optionally followed by its intermediate certificates. Required.</summary>
    public string? Cert { get; init; }

    /// <summary>The certificate's private key (PEM, unencrypted PKCS#8, PKCS#1 or SEC1; RSA or ECDSA). Required.</summary>
    public string? Key { get; init; }

    /// <summary>
    /// CA bundle (PEM) for client certificates. When set, every client must present a certificate that chains to one of
    /// these CAs (and only these: system roots are not trusted), or the handshake is refused. Optional.
    /// </summary>
    public string? Root { get; init; }

    /// <summary>The oldest TLS version accepted: <c>1.2</c> (default) or <c>1.3</c> (also written <c>TLS_V1_2</c>, <c>TLS_V1_3</c>).</summary>
    public string? MinTLSVersion { get; init; }
}
