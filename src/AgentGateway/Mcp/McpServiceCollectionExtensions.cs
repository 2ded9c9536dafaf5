using AgentGateway.Mcp.Endpoints;
using AgentGateway.Mcp.Relay;
using AgentGateway.Mcp.Sessions;
using AgentGateway.Mcp.Upstreams;
using AgentGateway.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentGateway.Mcp;

/// <summary>Registers the MCP engine.</summary>
internal static class McpServiceCollectionExtensions
{
    /// <summary>Adds the MCP engine: upstream factory, sessions, relay and the HTTP handler.</summary>
    public static IServiceCollection AddGatewayMcp(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddGatewayTelemetry();
        services.AddHttpClient(McpUpstreamFactory.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<IMcpUpstreamFactory, McpUpstreamFactory>();
        services.TryAddSingleton<IMcpSessionIdGenerator, RandomMcpSessionIdGenerator>();
        services.TryAddSingleton<McpSessionStore>();
        services.TryAddSingleton<McpStatelessSessionPool>();
        services.TryAddSingleton<McpSessionBudget>();
        services.TryAddSingleton<McpSessionAdmission>();
        services.TryAddSingleton<McpRelay>();
        services.TryAddSingleton<McpStreamableHttpHandler>();
        services.TryAddSingleton<McpSessionReaper>();
        services.AddHostedService(sp => sp.GetRequiredService<McpSessionReaper>());
        return services;
    }
}
