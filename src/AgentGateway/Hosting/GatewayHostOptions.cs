using System.Net;

namespace AgentGateway.Hosting;

/// <summary>Process settings that do not come from the configuration file.</summary>
internal sealed record GatewayHostOptions
{
    /// <summary>Address the binds listen on. Default: every interface (IPv4 and IPv6), as the reference.</summary>
    public IPAddress? ListenAddress { get; init; }

    /// <summary>Where the configuration came from (for messages).</summary>
    public string ConfigSource { get; init; } = "config";

    /// <summary>Extra logging setup (tests capture logs here).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}
