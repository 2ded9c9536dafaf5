using AgentGateway.Config.Loading;
using AgentGateway.Config.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentGateway.Config;

/// <summary>Registers the configuration loader and validators.</summary>
internal static class ConfigServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ConfigLoader"/>, <see cref="IConfigValidator"/> and the built-in section validators. More
    /// <see cref="IConfigSectionValidator"/>s can be added with <c>TryAddEnumerable</c>.
    /// </summary>
    public static IServiceCollection AddGatewayConfig(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigSectionValidator, BindsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigSectionValidator, ListenerValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigSectionValidator, RouteValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigSectionValidator, McpBackendValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigSectionValidator, McpTargetValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigSectionValidator, StaticConfigValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigSectionValidator, TracingValidator>());
        services.TryAddSingleton<IConfigValidator, ConfigValidator>();
        services.TryAddSingleton(sp => new ConfigLoader(sp.GetRequiredService<IConfigValidator>()));
        return services;
    }
}
