using AgentGateway.Proxy.State;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentGateway.Proxy;

/// <summary>Registers the data plane.</summary>
internal static class ProxyServiceCollectionExtensions
{
    /// <summary>Adds the state manager holding the current snapshot.</summary>
    public static IServiceCollection AddGatewayProxy(this IServiceCollection services)
    {
        services.TryAddSingleton<GatewayStateManager>();
        services.TryAddSingleton<IGatewayStateAccessor>(sp => sp.GetRequiredService<GatewayStateManager>());
        return services;
    }
}
