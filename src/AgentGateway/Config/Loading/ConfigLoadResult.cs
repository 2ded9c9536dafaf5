using AgentGateway.Config.Model;
using AgentGateway.Config.Validation;

namespace AgentGateway.Config.Loading;

/// <summary>The outcome of loading one configuration: the bound config when it is valid, otherwise every error found.</summary>
/// <param name="Config">The configuration; null whenever <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every error, ordered by line and column; empty when the configuration is valid.</param>
internal sealed record ConfigLoadResult(GatewayConfig? Config, IReadOnlyList<ConfigError> Errors)
{
    /// <summary>Whether the configuration loaded and passed validation.</summary>
    public bool IsValid => Config is not null && Errors.Count == 0;
}
