using System.Net;

namespace AgentGateway.Hosting;

/// <summary>Process settings that do not come from the configuration file.</summary>
internal sealed record GatewayHostOptions
{
    /// <summary>Address the binds listen on. Default: every interface (IPv4 and IPv6), as the reference.</summary>
    public IPAddress? ListenAddress { get; init; }

    /// <summary>The configuration file (null for stdin or text): relative paths in it, such as a JWKS file, are relative to its directory.</summary>
    public string? ConfigSourceName { get; init; }

    /// <summary>Whether <see cref="ConfigSourceName"/> is watched and reloaded when it changes (the CLI turns it on for <c>-f file</c>).</summary>
    public bool WatchConfigFile { get; init; }

    /// <summary>How often the configuration file is checked for changes.</summary>
    public TimeSpan ReloadPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Extra logging setup (tests capture logs here).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}
