namespace AgentGateway.Config.Model;

/// <summary>
/// How the gateway connects to an <c>https://</c> MCP target: which CAs it trusts, the name it expects, and the client
/// certificate it presents. Without it, <c>https://</c> targets are verified against the system's trusted roots.
/// Files are PEM; relative paths are relative to the configuration file.
/// </summary>
public sealed record BackendTlsConfig
{
    /// <summary>CA bundle (PEM) the target's certificate must chain to; only these CAs are trusted. Optional: system roots.</summary>
    public string? Root { get; init; }

    /// <summary>Skip verification of the target's certificate (logged as a warning at load). For tests only. Default false.</summary>
    public bool Insecure { get; init; }

    /// <summary>The name the target's certificate must carry, when it differs from the host in the target's URL. Optional.</summary>
    public string? Hostname { get; init; }

    /// <summary>Client certificate (PEM) presented to the target (mutual TLS); needs <see cref="Key"/>. Optional.</summary>
    public string? Cert { get; init; }

    /// <summary>Private key (PEM) of <see cref="Cert"/>.</summary>
    public string? Key { get; init; }
}
