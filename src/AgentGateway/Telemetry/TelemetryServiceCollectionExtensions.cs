using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentGateway.Telemetry;

/// <summary>Registers the gateway's metrics, its tracing source and its runtime log level.</summary>
internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>Adds <see cref="GatewayMetrics"/> (and <see cref="System.Diagnostics.Metrics.IMeterFactory"/>), <see cref="GatewayTracing"/> (off unless already registered) and <see cref="GatewayLogLevel"/>.</summary>
    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<GatewayMetrics>();

        // Off unless the host registered an enabled one first (config.tracing; Hosting/GatewayTracingSetup).
        services.TryAddSingleton(static _ => new GatewayTracing(enabled: false));
        if (!services.Any(d => d.ServiceType == typeof(GatewayLogLevel)))
        {
            services.AddSingleton<GatewayLogLevel>();
            services.AddSingleton<IOptionsChangeTokenSource<LoggerFilterOptions>>(sp => sp.GetRequiredService<GatewayLogLevel>());
            services.AddSingleton<IPostConfigureOptions<LoggerFilterOptions>>(sp => sp.GetRequiredService<GatewayLogLevel>());
        }

        return services;
    }
}
