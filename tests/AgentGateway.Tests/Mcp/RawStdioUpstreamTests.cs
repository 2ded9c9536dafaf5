using System.Text;
using System.Text.Json.Nodes;
using AgentGateway.Config.Model;
using AgentGateway.Mcp.Protocol;
using AgentGateway.Mcp.Sessions;
using AgentGateway.Mcp.Upstreams;
using AgentGateway.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Tests.Mcp;

/// <summary>
/// Requests relayed as bytes to real child processes (<c>sh</c> and <c>node</c> scripts stand in for MCP servers): what
/// the process reads, and how its answers come back (as bytes, or parsed when they cannot be taken as they are).
/// </summary>
public sealed class RawStdioUpstreamTests : IDisposable
{
    private static readonly TimeSpan s_long = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("agw-raw-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static StdioMcpUpstream Start(string cmd, params string[] args) =>
        StdioMcpUpstream.Start("t", new StdioTargetConfig { Cmd = cmd, Args = args }, NullLogger.Instance);

    private static RawJsonRpcRequest Raw(string json) =>
        RawJsonRpc.TryParseRequest(Encoding.UTF8.GetBytes(json)) ?? throw new InvalidOperationException("not taken raw: " + json);

    private static string Text(RawJsonRpcAnswer answer, string clientId)
    {
        var id = Encoding.UTF8.GetBytes(clientId);
        var bytes = new byte[answer.LengthWith(id)];
        return Encoding.UTF8.GetString(bytes, 0, answer.CopyTo(bytes, id));
    }

    private async Task<string> ReadFileWhenWrittenAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(path))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{path} was not written");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task SendRawRequest_PrettyPrintedBody_OneLineWithOnlyTheIdReplaced()
    {
        var ct = TestContext.Current.CancellationToken;
        var received = Path.Combine(_dir, "received");
        // Reads one line into a file (renamed into place once written), then nothing more.
        await using var upstream = Start("sh", "-c", $"IFS= read -r line; printf '%s\\n' \"$line\" > '{received}.tmp'; mv '{received}.tmp' '{received}'; cat > /dev/null");
        const string head = "{\r\n  \"jsonrpc\": \"2.0\",\n  \"id\": ";
        const string tail = ",\n  \"method\": \"tools/call\",\n  \"params\": {\n    \"name\": \"echo\",\n    \"arguments\": {\"id\": \"inner\", \"text\": \"a\\nb\"}\n  }\n}\n";

        await upstream.SendRawRequestAsync(Raw(head + "\"client \\\"7\\\"\"" + tail), 77, ct);

        var line = await ReadFileWhenWrittenAsync(received);
        Assert.Equal((head + "77" + tail).Replace('\r', ' ').Replace('\n', ' ') + "\n", line);
        var parsed = JsonNode.Parse(line)!;
        Assert.Equal(77, (long)parsed["id"]!);
        Assert.Equal("inner", (string?)parsed["params"]!["arguments"]!["id"]);
        Assert.Equal("a\nb", (string?)parsed["params"]!["arguments"]!["text"]);
    }

    [Fact]
    public async Task SendRawRequest_AnswerWithExtraFieldsAndCrLf_ComesBackAsBytesWithThoseFields()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = Start("sh", "-c", """IFS= read -r line; printf '{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"ok"}]},"x-extra":{"id":"keep","n":[1,2]}}\r\n'; cat > /dev/null""");
        await using var connection = new UpstreamConnection(0, upstream, new RecordingUpstreamHandler(), NullLogger.Instance);
        Assert.True(connection.AcceptsRawRequests);

        var answer = await connection.SendRawRequestAsync(Raw("""{"jsonrpc":"2.0","id":"c-1","method":"tools/call","params":{"name":"x"}}"""), null, s_long, ct);

        var raw = Assert.IsType<RawJsonRpcAnswer>(answer.Raw);
        Assert.Null(answer.Message);
        Assert.True(answer.IsResult);
        Assert.DoesNotContain((byte)'\r', raw.Bytes);
        Assert.DoesNotContain((byte)'\n', raw.Bytes);
        var text = Text(raw, "\"c-1\"");
        var expected = JsonNode.Parse("""{"jsonrpc":"2.0","id":"c-1","result":{"content":[{"type":"text","text":"ok"}]},"x-extra":{"id":"keep","n":[1,2]}}""");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(text)), text);
    }

    [Fact]
    public async Task SendRawRequest_ErrorAnswer_ComesBackAsBytesMarkedError()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = Start("sh", "-c", """IFS= read -r line; printf '{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"bad args","data":{"k":1}}}\n'; cat > /dev/null""");
        await using var connection = new UpstreamConnection(0, upstream, new RecordingUpstreamHandler(), NullLogger.Instance);

        var answer = await connection.SendRawRequestAsync(Raw("""{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"x"}}"""), null, s_long, ct);

        var raw = Assert.IsType<RawJsonRpcAnswer>(answer.Raw);
        Assert.True(raw.IsError);
        Assert.False(answer.IsResult);
        var text = JsonNode.Parse(Text(raw, "5"))!;
        Assert.Equal(5, (int)text["id"]!);
        Assert.Equal(-32602, (int)text["error"]!["code"]!);
        Assert.Equal(1, (int)text["error"]!["data"]!["k"]!);
    }

    [Fact]
    public async Task SendRawRequest_AnswerItCannotTakeAsBytes_ComesBackParsed()
    {
        var ct = TestContext.Current.CancellationToken;
        // id 1.0 is the number 1 to the full parser, but not an integer token to the byte reader.
        await using var upstream = Start("sh", "-c", """IFS= read -r line; printf '{"jsonrpc":"2.0","result":{"v":"parsed"},"id":1}\n' | sed 's/"id":1/"id":1.0/'; cat > /dev/null""");
        await using var connection = new UpstreamConnection(0, upstream, new RecordingUpstreamHandler(), NullLogger.Instance);

        var call = connection.SendRawRequestAsync(Raw("""{"jsonrpc":"2.0","id":"c","method":"tools/call","params":{"name":"x"}}"""), null, TimeSpan.FromSeconds(2), ct);

        // Either the full parser takes it (a parsed answer) or nothing matches and the request times out; never raw.
        try
        {
            var answer = await call;
            Assert.Null(answer.Raw);
            Assert.Equal("parsed", (string?)Assert.IsType<JsonRpcResponse>(answer.Message).Result!["v"]);
        }
        catch (McpUpstreamException ex)
        {
            Assert.Equal(McpUpstreamError.Timeout, ex.Error);
        }
    }

    [Fact]
    public async Task SendRawRequest_StringIdAnswer_NotTakenAsBytes_AndNotMatched()
    {
        var ct = TestContext.Current.CancellationToken;
        // An answer with the string id "1" does not answer the request the gateway numbered 1.
        await using var upstream = Start("sh", "-c", """IFS= read -r line; printf '{"jsonrpc":"2.0","id":"1","result":{}}\n'; cat > /dev/null""");
        var handler = new RecordingUpstreamHandler();
        await using var connection = new UpstreamConnection(0, upstream, handler, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<McpUpstreamException>(() =>
            connection.SendRawRequestAsync(Raw("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}}"""), null, TimeSpan.FromMilliseconds(500), ct));

        Assert.Equal(McpUpstreamError.Timeout, error.Error);
    }

    [Fact]
    public async Task SendRawRequest_ProgressBeforeTheAnswer_ReachesTheSinkBeforeTheAnswerCompletes()
    {
        var ct = TestContext.Current.CancellationToken;
        // Both lines in one write: the reader sees them in one buffer, so the answer is dispatched right after the progress.
        await using var upstream = Start("sh", "-c", """IFS= read -r line; printf '{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"tok","progress":1,"total":1}}\n{"jsonrpc":"2.0","id":1,"result":{"done":true}}\n'; cat > /dev/null""");
        var handler = new RecordingUpstreamHandler();
        await using var connection = new UpstreamConnection(0, upstream, handler, NullLogger.Instance);
        var sink = new RecordingSink();

        var answer = await connection.SendRawRequestAsync(
            Raw("""{"jsonrpc":"2.0","id":"c","method":"tools/call","params":{"name":"x","_meta":{"progressToken":"tok"}}}"""), sink, s_long, ct);

        var progress = Assert.IsType<JsonRpcNotification>(Assert.Single(sink.Messages));
        Assert.Equal("notifications/progress", progress.Method);
        Assert.Equal("tok", (string?)progress.Params!["progressToken"]);
        Assert.Empty(handler.Received);
        var done = answer.Raw is { } raw ? JsonNode.Parse(Text(raw, "\"c\""))!["result"] : Assert.IsType<JsonRpcResponse>(answer.Message).Result;
        Assert.True((bool)done!["done"]!);
    }

    [Fact]
    public async Task SendRawRequest_NumericProgressToken_MatchedLikeTheParsedPath()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = Start("sh", "-c", """IFS= read -r line; printf '{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":42,"progress":1}}\n'; sleep 0.2; printf '{"jsonrpc":"2.0","id":1,"result":{}}\n'; cat > /dev/null""");
        var handler = new RecordingUpstreamHandler();
        await using var connection = new UpstreamConnection(0, upstream, handler, NullLogger.Instance);
        var sink = new RecordingSink();

        var answer = await connection.SendRawRequestAsync(
            Raw("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"x","_meta":{"progressToken":42}}}"""), sink, s_long, ct);

        Assert.NotNull(answer.Raw);
        Assert.Equal(42, (int)Assert.IsType<JsonRpcNotification>(Assert.Single(sink.Messages)).Params!["progressToken"]!);
        Assert.Empty(handler.Received);
    }

    /// <summary>
    /// Many requests, each answered by a progress notification and the result in one write: every progress must be in
    /// the request's stream when its answer completes (the parsed path guarantees it, one queue for both).
    /// </summary>
    [Fact]
    public async Task SendRawRequest_ProgressThenAnswer_ManyTimes_ProgressNeverOvertaken()
    {
        var ct = TestContext.Current.CancellationToken;
        const string script = """
            const rl = require('readline').createInterface({ input: process.stdin });
            rl.on('line', line => {
              const m = JSON.parse(line);
              const token = m.params._meta.progressToken;
              process.stdout.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: 1 } }) + '\n'
                + JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { token } }) + '\n');
            });
            """;
        await using var upstream = Start("node", "-e", script);
        var handler = new RecordingUpstreamHandler();
        await using var connection = new UpstreamConnection(0, upstream, handler, NullLogger.Instance);

        var lost = new List<int>();
        for (var i = 0; i < 300; i++)
        {
            var sink = new RecordingSink();
            var answer = await connection.SendRawRequestAsync(
                Raw($$$$"""{"jsonrpc":"2.0","id":{{{{i}}}},"method":"tools/call","params":{"name":"x","_meta":{"progressToken":"t{{{{i}}}}"}}}"""), sink, s_long, ct);
            Assert.True(answer.Raw is not null || answer.Message is JsonRpcResponse);
            if (sink.Messages.Count != 1)
            {
                lost.Add(i);
            }
        }

        Assert.True(lost.Count == 0, $"progress not in the stream when the answer completed, for {lost.Count} of 300 requests: {string.Join(", ", lost.Take(20))}");
    }

    [Fact]
    public async Task SendRawRequest_CallerCancels_CancelledAndTheTargetIsTold()
    {
        var ct = TestContext.Current.CancellationToken;
        var log = Path.Combine(_dir, "read.txt");
        // Reads the request, never answers it, then writes what it reads next (the cancellation) to a file.
        await using var upstream = Start("sh", "-c", $"IFS= read -r line; IFS= read -r next; printf '%s\\n' \"$next\" > '{log}'; cat > /dev/null");
        await using var connection = new UpstreamConnection(0, upstream, new RecordingUpstreamHandler(), NullLogger.Instance);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var call = connection.SendRawRequestAsync(Raw("""{"jsonrpc":"2.0","id":"c","method":"tools/call","params":{"name":"x"}}"""), null, s_long, caller.Token);
        await Task.Delay(200, ct);
        Assert.False(call.IsCompleted);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        var cancelled = JsonNode.Parse(await ReadFileWhenWrittenAsync(log))!;
        Assert.Equal("notifications/cancelled", (string?)cancelled["method"]);
        Assert.Equal(1, (long)cancelled["params"]!["requestId"]!);
        Assert.Equal("cancelled by the client", (string?)cancelled["params"]!["reason"]);
    }

    [Fact]
    public async Task SendRawRequest_ClientCancelsById_TargetToldOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var log = Path.Combine(_dir, "read.txt");
        // Writes every line after the request to the file, so a second cancellation would show.
        await using var upstream = Start("sh", "-c", $"IFS= read -r line; cat > '{log}'");
        await using var connection = new UpstreamConnection(0, upstream, new RecordingUpstreamHandler(), NullLogger.Instance);

        var call = connection.SendRawRequestAsync(Raw("""{"jsonrpc":"2.0","id":"c-9","method":"tools/call","params":{"name":"x"}}"""), null, s_long, ct);
        await Task.Delay(200, ct);
        Assert.True(await connection.TryCancelAsync(new RequestId("c-9"), "user"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await upstream.DisposeAsync();
        var lines = (await ReadFileWhenWrittenAsync(log)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var cancelled = JsonNode.Parse(Assert.Single(lines))!;
        Assert.Equal(1, (long)cancelled["params"]!["requestId"]!);
        Assert.Equal("user", (string?)cancelled["params"]!["reason"]);
    }

    [Fact]
    public async Task StartRawRequest_TargetGone_ThrowsClosedAndNeverCallsBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = Start("sh", "-c", "exit 0");
        await using var connection = new UpstreamConnection(0, upstream, new RecordingUpstreamHandler(), NullLogger.Instance);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (connection.IsAlive)
        {
            Assert.True(DateTime.UtcNow < deadline, "the connection did not see the process end");
            await Task.Delay(20, ct);
        }

        var callback = new CountingCallback();
        var error = Assert.Throws<McpUpstreamException>(() => connection.StartRawRequest(
            Raw("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}}"""), null, s_long, callback, null, ct));

        Assert.Equal(McpUpstreamError.Closed, error.Error);
        Assert.False(error.RequestMayHaveRun);
        Assert.Equal(0, callback.Calls);
    }

    [Fact]
    public async Task StartRawRequest_TargetDiesWhileWaiting_CallbackOnceWithClosed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = Start("sh", "-c", "IFS= read -r line; exit 0");
        await using var connection = new UpstreamConnection(0, upstream, new RecordingUpstreamHandler(), NullLogger.Instance);
        var callback = new CountingCallback();

        connection.StartRawRequest(Raw("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}}"""), null, s_long, callback, "state", ct);

        var error = await callback.Settled.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(McpUpstreamError.Closed, Assert.IsType<McpUpstreamException>(error).Error);
        await Task.Delay(200, ct);
        Assert.Equal(1, callback.Calls);
        Assert.Equal("state", callback.State);
    }

    private sealed class CountingCallback : IRawAnswerCallback
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public object? State { get; private set; }

        public TaskCompletionSource<Exception?> Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnRawAnswer(UpstreamConnection connection, PendingUpstreamRequest pending, UpstreamAnswer answer, Exception? error)
        {
            Interlocked.Increment(ref _calls);
            State = pending.CallbackState;
            Settled.TrySetResult(error);
        }
    }
}
