using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentGateway.Proxy.Forwarding;

/// <summary>Registers the plain HTTP forwarding of routes with <c>host</c> backends.</summary>
internal static class ForwardingServiceCollectionExtensions
{
    /// <summary>Adds YARP's <c>IHttpForwarder</c> (only it: none of YARP's own configuration), the shared client and the forwarder.</summary>
    public static IServiceCollection AddGatewayForwarding(this IServiceCollection services)
    {
        services.AddHttpForwarder();
        services.TryAddSingleton<HttpForwarderClient>();
        services.TryAddSingleton<HttpBackendForwarder>();
        return services;
    }
}
