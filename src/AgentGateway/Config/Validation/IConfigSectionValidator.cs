using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>
/// The checks of one concern (binds, listeners, routes, MCP backends, MCP targets, static settings).
/// <see cref="ConfigValidator"/> runs every registered one, so adding a concern means adding a class, not editing one.
/// </summary>
/// <remarks>
/// Implementations find their nodes with <see cref="ConfigTree"/>, which yields each node with its YAML path, and
/// report through <see cref="ConfigValidationContext.AddError"/>. They never stop at the first error.
/// </remarks>
internal interface IConfigSectionValidator
{
    /// <summary>Adds an error to <paramref name="context"/> for every problem of this concern in <paramref name="config"/>.</summary>
    void Validate(GatewayConfig config, ConfigValidationContext context);
}
