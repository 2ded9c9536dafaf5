using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>Checks listeners: at least one route and a valid host name (TLS: <see cref="TlsValidator"/>).</summary>
internal sealed class ListenerValidator : IConfigSectionValidator
{
    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        foreach (var (listener, path) in ConfigTree.Listeners(config))
        {
            if (listener.Routes.Count == 0)
            {
                context.AddError(path.Property("routes"),
                    "a listener needs at least one route; add 'routes:' with a route whose backend is an MCP backend");
            }

            if (listener.Hostname is { } hostname && !ConfigRules.IsHostnamePattern(hostname))
            {
                context.AddError(path.Property("hostname"),
                    $"hostname '{hostname}' is not a host name; write a DNS name such as 'mcp.example.com' or a " +
                    "wildcard such as '*.example.com', without scheme, port or path");
            }
        }
    }
}
