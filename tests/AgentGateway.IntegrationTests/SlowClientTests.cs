using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using AgentGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// A client that stops reading its answer while the upstream keeps sending notifications for it: the gateway keeps at
/// most <c>RequestStream.MaxPending</c> (1000) of them waiting, dropping the oldest, so its memory does not follow the
/// upstream's output; the newest progress and the answer still arrive.
/// </summary>
public sealed class SlowClientTests : IDisposable
{
    private const int Notifications = 100_000;

    // Answers a tools/call with `count` progress notifications, then the result, in one write (as fast as a pipe goes).
    private const string Script = """
        const out = messages => process.stdout.write(messages.map(x => JSON.stringify(x)).join('\n') + '\n');
        require('readline').createInterface({ input: process.stdin }).on('line', line => {
          const m = JSON.parse(line);
          if (m.id === undefined) return;
          const p = m.params || {};
          if (m.method === 'initialize') {
            return out([{ jsonrpc: '2.0', id: m.id, result: { protocolVersion: p.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'flood', version: '1' } } }]);
          }
          if (m.method === 'tools/call') {
            const count = p.arguments.count, token = p._meta.progressToken, messages = [];
            for (let i = 1; i <= count; i++) messages.push({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: i, total: count } });
            messages.push({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: 'flooded' }] } });
            return out(messages);
          }
          out([{ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'unknown ' + m.method } }]);
        });
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("agw-slowclient-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ClientStopsReading_WhileTheUpstreamFloodsNotifications_OldestAreDropped_NewestAndTheAnswerArrive()
    {
        var ct = TestContext.Current.CancellationToken;
        var script = Path.Combine(_dir, "flood.js");
        await File.WriteAllTextAsync(script, Script, ct);
        var config = "config: {statsAddr: 127.0.0.1:{statsPort}}\n"
            + Targets.Config("", Targets.NodeScript("flood", script));
        await using var gateway = await GatewayTestHost.StartAsync(config, ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);

        // A client with a small receive buffer, so that the loopback connection cannot hold the whole flood.
        using var slow = new HttpClient(new SocketsHttpHandler { ConnectCallback = ConnectWithSmallReceiveBufferAsync }) { BaseAddress = gateway.BaseUri };
        using var call = new HttpRequestMessage(HttpMethod.Post, "mcp")
        {
            Content = new StringContent(
                McpHttp.RequestBody("tools/call", $$$"""{"name":"flood","arguments":{"count":{{{Notifications}}}},"_meta":{"progressToken":"t"}}"""),
                Encoding.UTF8),
        };
        call.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        call.Headers.TryAddWithoutValidation("Accept", McpHttp.BothAccept);
        call.Headers.TryAddWithoutValidation("Mcp-Session-Id", session);
        call.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-11-25");
        using var response = await slow.SendAsync(call, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        // Read nothing until the upstream has answered: every notification before its answer has reached the gateway.
        using var stats = new HttpClient { BaseAddress = gateway.StatsUri };
        const string answered = "agentgateway_upstream_call_duration_seconds_count{method=\"tools/call\",target=\"flood\"} 1";
        await Poll.UntilAsync(async () => (await stats.GetStringAsync("metrics", ct)).Contains(answered, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), () => "the upstream's answer did not reach the gateway", ct);

        var progress = new List<int>();
        JsonNode? last = null;
        await foreach (var data in McpHttp.ReadEventsAsync(response, ct))
        {
            last = JsonNode.Parse(data)!;
            if ((string?)last["method"] == "notifications/progress")
            {
                progress.Add((int)last["params"]!["progress"]!);
            }
        }

        Assert.Equal("flooded", (string?)last?["result"]?["content"]?[0]?["text"]);
        Assert.Equal(Notifications, progress[^1]);
        Assert.True(progress.SequenceEqual(progress.Order()), "notifications arrived out of order");

        // What was dropped is exactly what the client did not get, and it is logged.
        LogEntry? dropped = null;
        await Poll.UntilAsync(() => (dropped = gateway.Logs.Entries.FirstOrDefault(e => e.EventId.Id == 2505)) is not null,
            TimeSpan.FromSeconds(10), () => "no warning about dropped notifications", ct);
        var count = Convert.ToInt32(dropped!.State.Single(kv => kv.Key == "Count").Value, CultureInfo.InvariantCulture);
        Assert.InRange(count, 1, Notifications - 1000);
        Assert.Equal(Notifications - count, progress.Count);
        Assert.Equal(LogLevel.Warning, dropped.Level);

        // The session serves on.
        using var next = await http.PostAsync("/mcp", McpHttp.RequestBody("tools/list", id: 9), session, cancellationToken: ct);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    private static async ValueTask<Stream> ConnectWithSmallReceiveBufferAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
