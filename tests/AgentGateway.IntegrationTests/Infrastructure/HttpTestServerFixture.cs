using AgentGateway.IntegrationTests.Infrastructure;
using AgentGateway.TestMcpServer;
using Microsoft.AspNetCore.Builder;

[assembly: AssemblyFixture(typeof(HttpTestServerFixture))]

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>
/// One in-process test MCP server over HTTP for the whole test assembly (streamable HTTP at <c>/mcp</c>, legacy SSE at
/// <c>/sse</c>), named <see cref="Name"/>. Tests only open their own sessions on it, so sharing it is safe.
/// </summary>
public sealed class HttpTestServerFixture : IAsyncLifetime
{
    /// <summary>The server's name (<c>serverInfo.name</c>, and the <c>test://info</c> text "test server b").</summary>
    public const string Name = "b";

    /// <summary>Its <c>initialize</c> instructions.</summary>
    public const string Instructions = "Instructions of server b.";

    private WebApplication? _app;

    /// <summary>The streamable HTTP endpoint.</summary>
    public Uri McpUri { get; private set; } = null!;

    /// <summary>The legacy SSE endpoint.</summary>
    public Uri SseUri { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await TestServerHost.StartHttpAsync(new TestServerOptions { Name = Name, Instructions = Instructions });
        McpUri = TestServerHost.GetMcpUri(_app);
        SseUri = TestServerHost.GetSseUri(_app);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
