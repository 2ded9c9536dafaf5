using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>Runs every <see cref="IConfigSectionValidator"/> and collects all their errors.</summary>
internal sealed class ConfigValidator : IConfigValidator
{
    private readonly IConfigSectionValidator[] _validators;

    /// <summary>Creates a validator that runs <paramref name="validators"/> in order.</summary>
    public ConfigValidator(IEnumerable<IConfigSectionValidator> validators)
    {
        ArgumentNullException.ThrowIfNull(validators);
        _validators = [.. validators];
    }

    /// <summary>A validator with every built-in section validator, for use without dependency injection.</summary>
    public static ConfigValidator CreateDefault() => new(
    [
        new BindsValidator(),
        new ListenerValidator(),
        new RouteValidator(),
        new McpBackendValidator(),
        new McpTargetValidator(),
        new StaticConfigValidator(),
        new TracingValidator(),
        new AuthenticationPolicyValidator(),
        new AuthorizationPolicyValidator(),
        new BackendAuthValidator(),
        new CorsValidator(),
        new TimeoutValidator(),
        new TlsValidator(),
        new LocalRateLimitValidator(),
        new HeaderModifierValidator(),
        new HttpPolicyValidator(),
    ]);

    /// <inheritdoc/>
    public IReadOnlyList<ConfigError> Validate(GatewayConfig config, ConfigSourceMap sourceMap)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(sourceMap);

        var context = new ConfigValidationContext(sourceMap);
        foreach (var validator in _validators)
        {
            validator.Validate(config, context);
        }

        return context.Errors;
    }
}
