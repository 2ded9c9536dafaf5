using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>Checks a bound configuration and reports every problem, not just the first.</summary>
internal interface IConfigValidator
{
    /// <summary>Validates <paramref name="config"/>; errors are located with <paramref name="sourceMap"/>.</summary>
    /// <returns>All errors found; empty when the configuration is valid.</returns>
    IReadOnlyList<ConfigError> Validate(GatewayConfig config, ConfigSourceMap sourceMap);
}
