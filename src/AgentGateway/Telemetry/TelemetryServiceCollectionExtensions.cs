using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentGateway.Telemetry;

/// <summary>Registers the gateway's metrics and its runtime log level.</summary>
internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>Adds <see cref="GatewayMetrics"/> (and <see cref="System.Diagnostics.Metrics.IMeterFactory"/>) and <see cref="GatewayLogLevel"/>.</summary>
    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<GatewayMetrics>();
        if (!services.Any(d => d.ServiceType == typeof(GatewayLogLevel)))
        {
            services.AddSingleton<GatewayLogLevel>();
            services.AddSingleton<IOptionsChangeTokenSource<LoggerFilterOptions>>(sp => sp.GetRequiredService<GatewayLogLevel>());
            services.AddSingleton<IPostConfigureOptions<LoggerFilterOptions>>(sp => sp.GetRequiredService<GatewayLogLevel>());
        }

        return services;
    }
}
