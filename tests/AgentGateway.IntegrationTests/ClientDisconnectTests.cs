using System.Net;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// A client that disconnects before anything of its answer was sent cancels the request upstream
/// (<c>notifications/cancelled</c> with the upstream's id): it has no event id to resume from, so the answer could
/// never reach it (docs/mcp.md; once an SSE answer has begun, a disconnect leaves the request running:
/// <see cref="StreamResumptionTests"/>). The session goes on serving.
/// </summary>
public sealed class ClientDisconnectTests : IDisposable
{
    // `hang` is never answered; `echo` is. Every notifications/cancelled is appended to the file given as argument, with
    // the id of the hanging request it names, so the test can tell it was that request.
    private const string Script = """
        const fs = require('fs');
        const log = process.argv[2];
        const send = m => process.stdout.write(JSON.stringify(m) + '\n');
        const hanging = new Set();
        require('readline').createInterface({ input: process.stdin }).on('line', line => {
          const m = JSON.parse(line);
          const p = m.params || {};
          if (m.method === 'notifications/cancelled') {
            fs.appendFileSync(log, (hanging.has(p.requestId) ? 'hang ' : 'other ') + (p.reason || '') + '\n');
            return;
          }
          if (m.id === undefined) return;
          if (m.method === 'initialize') {
            return send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: p.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'hang', version: '1' } } });
          }
          if (m.method === 'tools/call' && p.name === 'hang') { hanging.add(m.id); return; }
          if (m.method === 'tools/call') {
            return send({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: 'still here' }] } });
          }
          send({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'unknown ' + m.method } });
        });
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("agw-disconnect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("", "")] // one target, relayed as bytes
    [InlineData("prefixMode: always", "hang_")] // parsed and serialized
    public async Task ClientDisconnectsBeforeItsAnswer_TheUpstreamGetsCancelled_AndTheSessionGoesOn(string backendOptions, string prefix)
    {
        var ct = TestContext.Current.CancellationToken;
        var script = Path.Combine(_dir, "hang.js");
        var log = Path.Combine(_dir, "cancelled.log");
        await File.WriteAllTextAsync(script, Script, ct);
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config(backendOptions, Targets.NodeScript("hang", script, log)), ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);

        using (var leave = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            leave.CancelAfter(TimeSpan.FromSeconds(1));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                http.PostAsync("/mcp", McpHttp.RequestBody("tools/call", $$"""{"name":"{{prefix}}hang"}"""), session, cancellationToken: leave.Token));
        }

        await Poll.UntilAsync(() => File.Exists(log), TimeSpan.FromSeconds(10), () => "the target got no notifications/cancelled", ct);
        Assert.Equal(["hang cancelled by the client"], await File.ReadAllLinesAsync(log, ct));

        using var next = await http.PostAsync("/mcp", McpHttp.RequestBody("tools/call", $$"""{"name":"{{prefix}}echo"}""", id: 3), session, cancellationToken: ct);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("still here", (string?)(await McpHttp.ReadMessageAsync(next, ct))["result"]!["content"]![0]!["text"]);
    }
}
