using System.Net;
using AgentGateway.IntegrationTests.Infrastructure;
using AgentGateway.Mcp.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGateway.IntegrationTests;

/// <summary>Many sessions at once, each with its own stdio process, all ended by DELETE.</summary>
public sealed class ConcurrencyTests
{
    private const int Sessions = 20;
    private const int CallsPerSession = 5;

    [Fact]
    public async Task TwentySessions_EachCallingEchoRepeatedly_AllSucceedAndDeleteEndsEveryProcess()
    {
        var ct = TestContext.Current.CancellationToken;
        var marker = "concurrency-" + Guid.NewGuid().ToString("N");
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.Everything("everything", marker)), ct);
        Assert.Empty(ProcessTable.FindByCommandLine(marker));

        var clients = await Task.WhenAll(Enumerable.Range(0, Sessions).Select(_ => gateway.ConnectAsync(cancellationToken: ct)));
        try
        {
            var results = await Task.WhenAll(clients.Select(async (client, i) =>
            {
                var answers = new List<string>();
                for (var call = 0; call < CallsPerSession; call++)
                {
                    answers.Add(await client.CallTextAsync("echo", McpClientTestExtensions.Message($"s{i}-c{call}"), ct));
                }

                return answers;
            }));

            for (var i = 0; i < Sessions; i++)
            {
                Assert.Equal(Enumerable.Range(0, CallsPerSession).Select(call => $"Echo: s{i}-c{call}"), results[i]);
            }

            Assert.Equal(Sessions, clients.Select(c => c.SessionId).Distinct().Count());
            Assert.Equal(Sessions, gateway.Services.GetRequiredService<McpSessionStore>().Count);
            Assert.Equal(Sessions, ProcessTable.FindByCommandLine(marker).Count);
        }
        finally
        {
            // Disposing a streamable HTTP client sends DELETE for its session.
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }

        Assert.Equal(0, gateway.Services.GetRequiredService<McpSessionStore>().Count);
        await ProcessTable.WaitUntilGoneAsync(marker, TimeSpan.FromSeconds(15), ct);
    }

    [Fact]
    public async Task Delete_OverRawHttp_EndsTheSessionsProcess()
    {
        var ct = TestContext.Current.CancellationToken;
        var marker = "delete-" + Guid.NewGuid().ToString("N");
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.TestServer("a", instructions: marker)), ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);
        Assert.Single(ProcessTable.FindByCommandLine(marker));

        using var delete = await http.SendAsync(HttpMethod.Delete, "/mcp", session, cancellationToken: ct);

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        await ProcessTable.WaitUntilGoneAsync(marker, TimeSpan.FromSeconds(10), ct);
    }

    [Fact]
    public async Task StopAsync_WithOpenSessions_EndsEveryStdioProcess()
    {
        var ct = TestContext.Current.CancellationToken;
        var marker = "stop-" + Guid.NewGuid().ToString("N");
        var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.TestServer("a", instructions: marker)), ct);
        await using (gateway)
        {
            using var http = gateway.CreateHttp();
            await http.InitializeAsync(cancellationToken: ct);
            await http.InitializeAsync(cancellationToken: ct);
            Assert.Equal(2, ProcessTable.FindByCommandLine(marker).Count);
        }

        await ProcessTable.WaitUntilGoneAsync(marker, TimeSpan.FromSeconds(10), ct);
    }
}
