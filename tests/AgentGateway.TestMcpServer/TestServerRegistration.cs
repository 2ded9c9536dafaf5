using AgentGateway.TestMcpServer.Prompts;
using AgentGateway.TestMcpServer.Resources;
using AgentGateway.TestMcpServer.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentGateway.TestMcpServer;

/// <summary>Registers the test server's MCP features; shared by the stdio and HTTP hosts.</summary>
public static class TestServerRegistration
{
    /// <summary>Adds the MCP server (name, instructions, tools, resources, prompts, handlers) to <paramref name="services"/>.</summary>
    public static IMcpServerBuilder AddTestMcpServer(this IServiceCollection services, TestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);

        services.AddSingleton(options);
        services.AddSingleton<ResourceSubscriptions>();

        return services
            .AddMcpServer(o =>
            {
                o.ServerInfo = new Implementation { Name = options.Name, Version = "1.0.0" };
                o.ServerInstructions = options.Instructions;
            })
            .WithTools([typeof(ConformanceTools), typeof(GatewayTestTools)])
            .WithTools([ConformanceTools.CreateJsonSchema202012Tool()])
            .WithResources([typeof(ConformanceResources)])
            .WithPrompts([typeof(ConformancePrompts)])
            .WithSetLoggingLevelHandler(ProtocolHandlers.SetLoggingLevelAsync)
            .WithCompleteHandler(ProtocolHandlers.CompleteAsync)
            .WithSubscribeToResourcesHandler(ProtocolHandlers.SubscribeAsync)
            .WithUnsubscribeFromResourcesHandler(ProtocolHandlers.UnsubscribeAsync)
            .WithRequestFilters(filters => filters.AddCallToolFilter(ReconnectionFilter.Create(options)));
    }
}
