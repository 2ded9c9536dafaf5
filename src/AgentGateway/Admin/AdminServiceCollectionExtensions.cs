using AgentGateway.Admin.Playground;
using AgentGateway.Admin.Ui;
using AgentGateway.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentGateway.Admin;

/// <summary>Registers the admin API, its web UI and the readiness probe.</summary>
internal static class AdminServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="AdminApi"/> (with the web UI, the CEL playground and the MCP playground relay), the ring of
    /// <see cref="RecentRequests"/> the data plane records into, and <see cref="ReadinessProbe"/>; Hosting decides on which
    /// addresses they are served.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="adminEnabled">Whether the admin address is on: only then are recent requests recorded.</param>
    public static IServiceCollection AddGatewayAdmin(this IServiceCollection services, bool adminEnabled)
    {
        services.TryAddSingleton(new RecentRequests(adminEnabled ? RecentRequests.DefaultCapacity : 0));
        services.TryAddSingleton<UiAssets>();
        services.TryAddSingleton<CelPlayground>();
        services.TryAddSingleton<PlaygroundRelay>();
        services.TryAddSingleton<AdminApi>();
        services.TryAddSingleton<ReadinessProbe>();
        return services;
    }
}
