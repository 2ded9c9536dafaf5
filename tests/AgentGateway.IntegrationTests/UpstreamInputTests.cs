using System.Net;
using System.Text.Json.Nodes;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// What the gateway writes to a stdio target's input stays a sequence of whole lines, even when a client leaves while
/// its request is half written (a large request, a target reading slowly): a message cut short would run into the
/// next one, and the target would read neither.
/// </summary>
public sealed class UpstreamInputTests : IDisposable
{
    // `stall` stops reading the input for 3 s (the pipe fills); `echo` answers with the length of its argument. A line
    // that is not JSON is logged to the file given as argument, and otherwise ignored.
    private const string Script = """
        const fs = require('fs');
        const bad = process.argv[2];
        const send = m => process.stdout.write(JSON.stringify(m) + '\n');
        const rl = require('readline').createInterface({ input: process.stdin });
        rl.on('line', line => {
          let m;
          try { m = JSON.parse(line); } catch { fs.appendFileSync(bad, line.length + '\n'); return; }
          if (m.id === undefined) return;
          const p = m.params || {};
          if (m.method === 'initialize') {
            return send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: p.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'slow', version: '1' } } });
          }
          if (m.method === 'tools/call' && p.name === 'stall') {
            rl.pause();
            setTimeout(() => rl.resume(), 3000);
            return send({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: 'stalled' }] } });
          }
          if (m.method === 'tools/call') {
            return send({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: String(((p.arguments || {}).data || '').length) }] } });
          }
          send({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'unknown ' + m.method } });
        });
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("agw-upstreaminput-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("", "")] // one target, relayed as bytes
    [InlineData("prefixMode: always", "slow_")] // parsed and serialized
    public async Task ClientLeavesWhileItsLargeRequestIsHalfWritten_TheTargetStillReadsTheNextRequest(string backendOptions, string prefix)
    {
        var ct = TestContext.Current.CancellationToken;
        var script = Path.Combine(_dir, "slow.js");
        var badLines = Path.Combine(_dir, "bad-lines.log");
        await File.WriteAllTextAsync(script, Script, ct);
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config(backendOptions, Targets.NodeScript("slow", script, badLines)), ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);

        using (var stalled = await http.PostAsync("/mcp", McpHttp.RequestBody("tools/call", $$"""{"name":"{{prefix}}stall"}"""), session, cancellationToken: ct))
        {
            Assert.Equal("stalled", (string?)(await McpHttp.ReadMessageAsync(stalled, ct))["result"]!["content"]![0]!["text"]);
        }

        // 1.5 MB: far more than a pipe holds, so the write is still going on when the client gives up.
        var large = new string('x', 1_500_000);
        using (var leave = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            leave.CancelAfter(TimeSpan.FromSeconds(1));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                http.PostAsync("/mcp", McpHttp.RequestBody("tools/call", $$$"""{"name":"{{{prefix}}}echo","arguments":{"data":"{{{large}}}"}}""", id: 3), session, cancellationToken: leave.Token));
        }

        // The target reads again after its pause: the next request must reach it whole, and be answered.
        using var next = await http.PostAsync("/mcp", McpHttp.RequestBody("tools/call", $$$"""{"name":"{{{prefix}}}echo","arguments":{"data":"abc"}}""", id: 4), session, cancellationToken: ct);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        JsonNode answer = await McpHttp.ReadMessageAsync(next, ct).WaitAsync(TimeSpan.FromSeconds(20), ct);
        Assert.Equal("3", (string?)answer["result"]!["content"]![0]!["text"]);
        Assert.False(File.Exists(badLines), $"the target read lines that are not JSON, of lengths: {(File.Exists(badLines) ? File.ReadAllText(badLines) : "")}");
    }
}
