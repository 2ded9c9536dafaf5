using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>Checks listeners: a supported protocol and at least one route.</summary>
internal sealed class ListenerValidator : IConfigSectionValidator
{
    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        foreach (var (listener, path) in ConfigTree.Listeners(config))
        {
            if (listener.Protocol == ListenerProtocol.Https)
            {
                context.AddError(path.Property("protocol"),
                    "protocol HTTPS is not supported yet; use HTTP and terminate TLS in front of the gateway " +
                    "(for example in a load balancer or a sidecar)");
            }

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
