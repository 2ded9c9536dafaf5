using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentGateway.Admin;

/// <summary>Registers the admin API and the readiness probe.</summary>
internal static class AdminServiceCollectionExtensions
{
    /// <summary>Adds <see cref="AdminApi"/> and <see cref="ReadinessProbe"/>; Hosting decides on which addresses they are served.</summary>
    public static IServiceCollection AddGatewayAdmin(this IServiceCollection services)
    {
        services.TryAddSingleton<AdminApi>();
        services.TryAddSingleton<ReadinessProbe>();
        return services;
    }
}
