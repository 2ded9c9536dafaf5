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

    /// <summary>
    /// Whether the admin, stats and readiness addresses the configuration leaves out take their defaults
    /// (<c>127.0.0.1:15000</c>, <c>0.0.0.0:15020</c>, <c>0.0.0.0:15021</c>), as the reference does. Default true. Tests
    /// turn it off: only addresses written in the YAML are served, so gateways started side by side do not collide.
    /// </summary>
    public bool ManagementDefaults { get; init; } = true;

    /// <summary>
    /// Environment variables the gateway set in its own environment for its runtime (<see cref="GatewayProcess"/>): the
    /// stdio servers it starts do not inherit them.
    /// </summary>
    public IReadOnlyList<string> GatewayOnlyVariables { get; init; } = [];

    /// <summary>Extra logging setup (tests capture logs here).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}
