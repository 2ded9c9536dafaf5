using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>Checks <c>timeout</c>: limits greater than zero.</summary>
internal sealed class TimeoutValidator : IConfigSectionValidator
{
    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        foreach (var (policies, path) in ConfigTree.Policies(config))
        {
            if (policies.Timeout is not { } timeout)
            {
                continue;
            }

            foreach (var (key, value) in (ReadOnlySpan<(string, TimeSpan?)>)[("requestTimeout", timeout.RequestTimeout), ("backendRequestTimeout", timeout.BackendRequestTimeout)])
            {
                if (value is { } limit && limit <= TimeSpan.Zero)
                {
                    context.AddError(path.Property("timeout").Property(key), $"'{key}' must be greater than zero (e.g. 30s)");
                }
            }
        }
    }
}
