using AgentGateway.Proxy.Authentication;
using AgentGateway.Proxy.Forwarding;
using AgentGateway.Proxy.State;
using AgentGateway.Security.Authentication;
using AgentGateway.Security.Tls;
using AgentGateway.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentGateway.Proxy;

/// <summary>Registers the data plane.</summary>
internal static class ProxyServiceCollectionExtensions
{
    /// <summary>Adds the state manager holding the current snapshot, and authentication.</summary>
    public static IServiceCollection AddGatewayProxy(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddGatewayTelemetry();
        services.AddGatewayForwarding();
        services.TryAddSingleton<GatewayStateManager>();
        services.TryAddSingleton<IGatewayStateAccessor>(sp => sp.GetRequiredService<GatewayStateManager>());
        services.TryAddSingleton<AuthenticationHttpClient>();
        services.TryAddSingleton(sp => new JwksProviderRegistry(
            sp.GetRequiredService<AuthenticationHttpClient>().Client, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(),
            metrics: sp.GetRequiredService<GatewayMetrics>()));
        services.TryAddSingleton<RouteAuthenticationCompiler>();
        services.TryAddSingleton<TlsCertificateStore>();
        services.TryAddSingleton<RequestAuthenticator>();
        services.TryAddSingleton<AuthorizationServerMetadataProxy>();
        services.TryAddSingleton<WellKnownEndpoints>();
        services.AddHostedService<JwksStartupService>();
        return services;
    }
}
