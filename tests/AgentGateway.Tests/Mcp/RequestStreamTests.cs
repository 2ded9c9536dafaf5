using AgentGateway.Mcp.Protocol;
using AgentGateway.Mcp.Sessions;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Tests.Mcp;

/// <summary>The per-request stream between the relay (writers) and the HTTP handler (the one reader).</summary>
public sealed class RequestStreamTests
{
    private static JsonRpcNotification Note(string method) => new() { Method = method };

    [Fact]
    public async Task MessagesThenFinal_ReadInOrder_ThenCompleted()
    {
        var stream = new RequestStream();
        Assert.True(stream.TryWrite(Note("a")));
        Assert.True(stream.TryWrite(Note("b")));
        stream.Complete(new JsonRpcResponse { Id = new RequestId(1), Result = null });

        var read = new List<JsonRpcMessage>();
        await foreach (var m in stream.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            read.Add(m);
        }

        Assert.Collection(read,
            m => Assert.Equal("a", ((JsonRpcNotification)m).Method),
            m => Assert.Equal("b", ((JsonRpcNotification)m).Method),
            m => Assert.IsType<JsonRpcResponse>(m));
        Assert.Null(stream.RawAnswer);
    }

    [Fact]
    public async Task WaitingReader_IsWokenByAWriteOnAnotherThread()
    {
        var stream = new RequestStream();
        var wait = stream.WaitToReadAsync(TestContext.Current.CancellationToken);
        Assert.False(wait.IsCompleted);

        await Task.Run(() => stream.TryWrite(Note("progress")), TestContext.Current.CancellationToken);

        Assert.True(await wait.AsTask().WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        Assert.True(stream.TryPeek(out var peeked));
        Assert.True(stream.TryRead(out var read));
        Assert.Same(peeked, read);
        Assert.False(stream.TryRead(out _));
    }

    [Fact]
    public async Task RawFinal_CompletesWithoutAMessage_AndLaterWritesAreRefused()
    {
        var stream = new RequestStream();
        var wait = stream.WaitToReadAsync(TestContext.Current.CancellationToken);
        var answer = new RawJsonRpcAnswer("""{"jsonrpc":"2.0","id":7,"result":{}}"""u8.ToArray(), 20, 1, isError: false);

        stream.Complete(answer);

        Assert.False(await wait);
        Assert.Same(answer, stream.RawAnswer);
        Assert.False(stream.TryWrite(Note("late")));
        Assert.False(await stream.WaitToReadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task MessageBeforeRawFinal_IsReadFirst()
    {
        var stream = new RequestStream();
        stream.TryWrite(Note("progress"));
        stream.Complete(new RawJsonRpcAnswer("""{"id":1,"result":{}}"""u8.ToArray(), 6, 1, isError: false));

        Assert.True(await stream.WaitToReadAsync(TestContext.Current.CancellationToken));
        Assert.True(stream.TryRead(out var first));
        Assert.Equal("progress", ((JsonRpcNotification)first).Method);
        Assert.False(await stream.WaitToReadAsync(TestContext.Current.CancellationToken));
        Assert.NotNull(stream.RawAnswer);
    }

    [Fact]
    public async Task CancelledWait_Throws_AndTheStreamCanStillBeWaitedOn()
    {
        var stream = new RequestStream();
        using var cts = new CancellationTokenSource();
        var wait = stream.WaitToReadAsync(cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await wait);
        var again = stream.WaitToReadAsync(TestContext.Current.CancellationToken);
        stream.Complete(new JsonRpcResponse { Id = new RequestId(1), Result = null });
        Assert.True(await again);
    }

    [Fact]
    public async Task AlreadyCancelledToken_FailsAtOnce()
    {
        var stream = new RequestStream();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.WaitToReadAsync(cts.Token));
    }

    [Fact]
    public async Task ManyWritersAndOneReader_EveryMessageArrivesOnceOrIsCountedAsDropped()
    {
        var stream = new RequestStream();
        const int writers = 4, each = 500;
        var reading = Task.Run(async () =>
        {
            var seen = new HashSet<string>();
            await foreach (var m in stream.ReadAllAsync(TestContext.Current.CancellationToken))
            {
                if (m is JsonRpcNotification n)
                {
                    Assert.True(seen.Add(n.Method));
                }
            }

            return seen.Count;
        }, TestContext.Current.CancellationToken);

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < each; i++)
            {
                Assert.True(stream.TryWrite(Note($"{w}-{i}")));
            }
        }, TestContext.Current.CancellationToken)));
        stream.Complete(new JsonRpcResponse { Id = new RequestId(1), Result = null });

        // The writers may outrun the reader by more than MaxPending: what it did not get was dropped, and counted.
        Assert.Equal(writers * each, await reading.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken) + stream.Dropped);
    }

    private static async Task<List<JsonRpcMessage>> ReadAllAsync(RequestStream stream)
    {
        var read = new List<JsonRpcMessage>();
        await foreach (var m in stream.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            read.Add(m);
        }

        return read;
    }

    [Fact]
    public async Task ClientReadingSlowly_OldestNotificationsAreDropped_NewestAndTheAnswerKept()
    {
        var stream = new RequestStream();
        var sent = RequestStream.MaxPending + 250;
        for (var i = 1; i <= sent; i++)
        {
            Assert.True(stream.TryWrite(Note("n" + i)));
        }

        stream.Complete(new JsonRpcResponse { Id = new RequestId(1), Result = null });

        var read = await ReadAllAsync(stream);
        Assert.Equal(250, stream.Dropped);
        Assert.Equal(RequestStream.MaxPending + 1, read.Count);
        Assert.Equal("n251", ((JsonRpcNotification)read[0]).Method);
        Assert.Equal("n" + sent, ((JsonRpcNotification)read[^2]).Method);
        Assert.IsType<JsonRpcResponse>(read[^1]);
    }

    [Fact]
    public async Task ClientReadingSlowly_ServerRequestsAreNeverDropped()
    {
        var stream = new RequestStream();
        Assert.True(stream.TryWrite(new JsonRpcRequest { Id = new RequestId("sampling"), Method = "sampling/createMessage" }));
        for (var i = 1; i < RequestStream.MaxPending; i++)
        {
            Assert.True(stream.TryWrite(Note("n" + i)));
        }

        // Full, and a request waits first: a new notification is the one dropped; a new request still queues.
        Assert.True(stream.TryWrite(Note("dropped")));
        Assert.True(stream.TryWrite(new JsonRpcRequest { Id = new RequestId("elicit"), Method = "elicitation/create" }));
        stream.Complete(new JsonRpcResponse { Id = new RequestId(1), Result = null });

        var read = await ReadAllAsync(stream);
        Assert.Equal(1, stream.Dropped);
        Assert.Equal("sampling/createMessage", ((JsonRpcRequest)read[0]).Method);
        Assert.DoesNotContain(read, m => m is JsonRpcNotification { Method: "dropped" });
        Assert.Equal("elicitation/create", ((JsonRpcRequest)read[^2]).Method);
        Assert.IsType<JsonRpcResponse>(read[^1]);
        Assert.Equal(RequestStream.MaxPending + 2, read.Count);
    }

    [Fact]
    public async Task ClientKeepingUp_NothingIsDropped()
    {
        var stream = new RequestStream();
        var read = 0;
        for (var i = 0; i < RequestStream.MaxPending * 3; i++)
        {
            Assert.True(stream.TryWrite(Note("n")));
            read += stream.TryRead(out _) ? 1 : 0;
        }

        stream.Complete(new JsonRpcResponse { Id = new RequestId(1), Result = null });
        Assert.Equal(0, stream.Dropped);
        Assert.Equal(RequestStream.MaxPending * 3, read);
        Assert.Single(await ReadAllAsync(stream));
    }
}
