using AgentGateway.Config.Model;
using AgentGateway.Mcp.Upstreams;
using AgentGateway.Security.Tls;

namespace AgentGateway.Mcp;

/// <summary>
/// The compiled, immutable description of one MCP backend, as the MCP engine needs it.
/// The engine knows nothing of binds, listeners or routes; <see cref="Key"/> is an opaque identity
/// that sessions are bound to, so a session id cannot be replayed against another backend.
/// </summary>
internal sealed class McpBackendModel
{
    public McpBackendModel(string key, McpBackendConfig config, McpEngineOptions options, IReadOnlyList<McpUpstreamAuth>? targetAuth = null,
        IReadOnlyList<BackendTlsSettings?>? targetTls = null)
    {
        TargetTls = targetTls ?? new BackendTlsSettings?[config.Targets.Count];
        if (TargetTls.Count != config.Targets.Count)
        {
            throw new ArgumentException("one TLS setting (or null) per target is required", nameof(targetTls));
        }

        TargetAuth = targetAuth ?? [.. config.Targets.Select(_ => McpUpstreamAuth.None)];
        if (TargetAuth.Count != config.Targets.Count)
        {
            throw new ArgumentException("one credential per target is required", nameof(targetAuth));
        }

        UsesPassthrough = TargetAuth.Any(a => a.Kind == McpUpstreamAuthKind.Passthrough);
        Key = key;
        Config = config;
        Options = options;
        Targets = config.Targets;
        Prefixed = config.PrefixMode == McpPrefixMode.Always
            || (config.PrefixMode == McpPrefixMode.Conditional && config.Targets.Count > 1);
        IsMultiplexed = config.Targets.Count > 1;
    }

    /// <summary>Opaque identity of the backend (e.g. <c>bind/listener/route</c>).</summary>
    public string Key { get; }

    /// <summary>The backend configuration.</summary>
    public McpBackendConfig Config { get; }

    /// <summary>Engine settings (timeouts).</summary>
    public McpEngineOptions Options { get; }

    /// <summary>The targets, in configuration order.</summary>
    public IReadOnlyList<McpTargetConfig> Targets { get; }

    /// <summary>The credential each target is sent, in target order.</summary>
    public IReadOnlyList<McpUpstreamAuth> TargetAuth { get; }

    /// <summary>The <c>backendTLS</c> of each target, in target order; null where the defaults apply (system roots for <c>https://</c>).</summary>
    public IReadOnlyList<BackendTlsSettings?> TargetTls { get; }

    /// <summary>Whether some target is sent the caller's token.</summary>
    public bool UsesPassthrough { get; }

    /// <summary>Whether names are prefixed with the target name.</summary>
    public bool Prefixed { get; }

    /// <summary>Whether there is more than one target.</summary>
    public bool IsMultiplexed { get; }

    /// <summary>Whether the backend keeps sessions.</summary>
    public bool Stateful => Config.StatefulMode == McpStatefulMode.Stateful;

    /// <summary>Whether a target that fails to start is left out rather than failing the session.</summary>
    public bool FailOpen => Config.FailureMode == McpFailureMode.FailOpen;
}
