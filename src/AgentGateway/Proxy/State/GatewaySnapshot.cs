using System.Collections.Frozen;
using AgentGateway.Config.Model;
using AgentGateway.Proxy.Pipeline;

namespace AgentGateway.Proxy.State;

/// <summary>
/// The compiled, immutable gateway configuration. Built once per (re)load and swapped atomically; every request
/// reads the current snapshot once at its start and uses only that one.
/// </summary>
internal sealed class GatewaySnapshot
{
    public GatewaySnapshot(long revision, GatewayConfig config, FrozenDictionary<int, BindModel> binds)
    {
        AccessLog = AccessLogRules.Compile(config.Config?.Logging);
        Revision = revision;
        Config = config;
        Binds = binds;
    }

    /// <summary>Increases with every successful load.</summary>
    public long Revision { get; }

    /// <summary>The configuration this snapshot was built from.</summary>
    public GatewayConfig Config { get; }

    /// <summary>Binds by port.</summary>
    public FrozenDictionary<int, BindModel> Binds { get; }

    /// <summary>The access log's CEL filter and extra fields, or null.</summary>
    public AccessLogRules? AccessLog { get; }
}
