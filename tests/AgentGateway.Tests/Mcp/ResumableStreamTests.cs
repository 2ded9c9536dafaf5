using System.Text;
using AgentGateway.Mcp.Protocol;
using AgentGateway.Mcp.Sessions;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Tests.Mcp;

/// <summary>
/// The pieces of streamable HTTP resumability: event ids, a stream's kept events and its one listener, and a session's
/// bounded set of streams.
/// </summary>
public sealed class ResumableStreamTests
{
    private readonly FakeTimeProvider _time = new();

    private static byte[] Event(long sequence) => Encoding.ASCII.GetBytes($"e{sequence}");

    private static string Text(IEnumerable<byte[]> events) => string.Join(",", events.Select(Encoding.ASCII.GetString));

    [Theory]
    [InlineData("0_0", 0, 0L)]
    [InlineData("3_17", 3, 17L)]
    [InlineData("2147483647_9223372036854775807", int.MaxValue, long.MaxValue)]
    public void EventIds_RoundTrip(string id, int stream, long sequence)
    {
        Assert.Equal(id, McpEventId.Format(stream, sequence));
        Assert.True(McpEventId.TryParse(id, out var s, out var q));
        Assert.Equal((stream, sequence), (s, q));
    }

    [Theory]
    [InlineData("")]
    [InlineData("_")]
    [InlineData("1_")]
    [InlineData("_1")]
    [InlineData("-1_0")]
    [InlineData("1_-1")]
    [InlineData("1_2_3")]
    [InlineData(" 1_2")]
    [InlineData("1_+2")]
    [InlineData("2147483648_0")]
    [InlineData("1_9223372036854775808")]
    [InlineData("abc")]
    public void ForeignEventIds_AreRefused(string id) => Assert.False(McpEventId.TryParse(id, out _, out _));

    [Fact]
    public void Events_AreNumberedFromOne_AndReplayedAfterTheOneGiven()
    {
        var stream = new ResumableStream(1, _time, new RequestStream());
        for (var i = 0; i < 3; i++)
        {
            stream.Add(Event, out _);
        }

        Assert.Equal(3, stream.LastSequence);
        Assert.Equal("e1,e2,e3", Text(stream.EventsAfter(0)));
        Assert.Equal("e3", Text(stream.EventsAfter(2)));
        Assert.Empty(stream.EventsAfter(3));
        Assert.False(stream.IsFinished);
        stream.Add(Event, out var sent, final: true);
        Assert.Equal("e4", Encoding.ASCII.GetString(sent));
        Assert.True(stream.IsFinished);
    }

    [Fact]
    public void KeptEvents_AreBounded_OldestFirst_TheLastOneAlwaysKept()
    {
        var stream = new ResumableStream(1, _time, new RequestStream());
        for (var i = 0; i < ResumableStream.MaxKeptEvents + 5; i++)
        {
            stream.Add(Event, out _);
        }

        var kept = stream.EventsAfter(0);
        Assert.Equal(ResumableStream.MaxKeptEvents, kept.Count);
        Assert.Equal("e6", Encoding.ASCII.GetString(kept[0]));

        // An answer larger than the byte budget is still kept, alone.
        stream.Add(_ => new byte[ResumableStream.MaxKeptBytes + 1], out _, final: true);
        Assert.Single(stream.EventsAfter(0));
    }

    [Fact]
    public async Task OneListenerAtATime_AResumingOneTakesOver_AfterTheFirstLetGo()
    {
        var ct = TestContext.Current.CancellationToken;
        var stream = new ResumableStream(1, _time, new RequestStream());
        var first = stream.TryListen();
        Assert.NotNull(first);
        Assert.Null(stream.TryListen());

        var second = stream.ListenAsync(ct);
        Assert.True(first.TakenOver.IsCancellationRequested);
        Assert.False(second.IsCompleted); // the first still holds the stream until it lets go
        first.Dispose();
        using var taken = await second;
        Assert.True(stream.IsListening);
        Assert.False(taken.TakenOver.IsCancellationRequested);

        first.Dispose(); // letting go twice does not free the stream of its new listener
        Assert.True(stream.IsListening);
    }

    [Fact]
    public void AStream_ExpiresOnlyOnceItsRequestEnded_NobodyListens_AndTheRetentionPassed()
    {
        var source = new RequestStream();
        var stream = new ResumableStream(1, _time, source);
        var retention = TimeSpan.FromMinutes(5);
        Assert.False(stream.IsExpired(retention, retention)); // the request runs
        _time.Advance(TimeSpan.FromHours(1));
        Assert.False(stream.IsExpired(retention, retention));

        source.Complete(new JsonRpcResponse { Id = new RequestId(1), Result = null });
        Assert.False(stream.IsExpired(retention, retention)); // the retention starts now
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(stream.IsExpired(retention, retention));

        var listener = stream.TryListen()!; // a client comes back: the clock starts again when it leaves
        Assert.False(stream.IsExpired(retention, retention));
        listener.Dispose();
        Assert.False(stream.IsExpired(retention, retention));
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(stream.IsExpired(retention, retention));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(stream.IsExpired(retention, retention));
    }

    [Fact]
    public void AStreamWhoseAnswerWasDelivered_IsKeptOnlyForTheShortRetention()
    {
        var source = new RequestStream();
        var stream = new ResumableStream(1, _time, source);
        stream.MarkDelivered();
        Assert.False(stream.IsDelivered); // nothing final was written yet
        source.Complete(new JsonRpcResponse { Id = new RequestId(1), Result = null });
        stream.Add(Event, out _, final: true);
        stream.MarkDelivered();
        Assert.True(stream.IsDelivered);

        Assert.False(stream.IsExpired(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30)));
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.True(stream.IsExpired(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void TheGetStream_KeepsFewerEvents()
    {
        var streams = new McpSessionStreams(_time);
        for (var i = 0; i < ResumableStream.MaxKeptGetEvents + 1; i++)
        {
            streams.Get.Add(Event, out _);
        }

        Assert.Equal(ResumableStream.MaxKeptGetEvents, streams.Get.EventsAfter(0).Count);
        Assert.Equal(0, streams.KeptBytes); // not in the POST streams' budget
    }

    [Fact]
    public void ASessionsStreamsShareAByteBudget_TheOldestEndedOnesGoFirst()
    {
        const int KiB = 1024;
        Assert.Equal(4096 * KiB, McpSessionStreams.MaxKeptBytes);
        var streams = new McpSessionStreams(_time);
        var ended = new List<ResumableStream>();
        for (var i = 0; i < 4; i++)
        {
            var (stream, listener) = streams.Open(new RequestStream(), default, null);
            stream.Add(_ => new byte[900 * KiB], out _, final: true);
            stream.Source!.Complete(new JsonRpcResponse { Id = new RequestId(i), Result = null });
            listener.Dispose();
            ended.Add(stream);
        }

        Assert.Equal(3600 * KiB, streams.KeptBytes);

        // A stream being read grows past the budget: the oldest ended stream goes, not the one read.
        var (reading, readingListener) = streams.Open(new RequestStream(), default, null);
        reading.Add(_ => new byte[400 * KiB], out _);
        Assert.NotNull(streams.Find(1));
        reading.Add(_ => new byte[100 * KiB], out _);
        Assert.Null(streams.Find(1));
        Assert.True(ended[0].IsForgotten);
        Assert.NotNull(streams.Find(2));
        Assert.Equal(3200 * KiB, streams.KeptBytes);
        readingListener.Dispose();
    }

    [Fact]
    public void TheGetStream_NeverExpires()
    {
        var streams = new McpSessionStreams(_time);
        Assert.False(streams.Get.IsExpired(TimeSpan.Zero, TimeSpan.Zero));
        _time.Advance(TimeSpan.FromDays(1));
        Assert.False(streams.Get.IsExpired(TimeSpan.Zero, TimeSpan.Zero));
        Assert.Same(streams.Get, streams.Find(0));
    }

    [Fact]
    public void ASession_NumbersItsStreams_AndSweepsTheExpiredOnes()
    {
        var streams = new McpSessionStreams(_time);
        var (done, doneListener) = streams.Open(new RequestStream(), default, null);
        var (running, runningListener) = streams.Open(new RequestStream(), default, null);
        Assert.Equal((1, 2), (done.Number, running.Number));
        doneListener.Dispose();
        runningListener.Dispose();
        done.Source!.Complete(new JsonRpcResponse { Id = new RequestId(1), Result = null });

        streams.Sweep(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        _time.Advance(TimeSpan.FromMinutes(6));
        streams.Sweep(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        Assert.Null(streams.Find(1));
        Assert.Same(running, streams.Find(2));
        Assert.Equal(1, streams.Count);
    }

    [Fact]
    public void ASessionKeepsAtMostMaxKeptStreams_ForgettingTheOldestEndedOneFirst_AndCancellingARequestItGivesUp()
    {
        var streams = new McpSessionStreams(_time);
        var upstreams = new List<CancellationTokenSource>();
        var opened = new List<ResumableStream>();
        for (var i = 0; i < McpSessionStreams.MaxKept; i++)
        {
            var upstream = new CancellationTokenSource();
            upstreams.Add(upstream);
            var (stream, listener) = streams.Open(new RequestStream(), default, upstream);
            opened.Add(stream);
            if (i != 0)
            {
                listener.Dispose(); // stream 1 keeps its listener: a client reads it
            }
        }

        opened[5].Source!.Complete(new JsonRpcResponse { Id = new RequestId(1), Result = null });

        // Full: the oldest ended stream nobody reads goes (stream 6), not the older running ones.
        streams.Open(new RequestStream(), default, null).Listener.Dispose();
        Assert.Null(streams.Find(6));
        Assert.NotNull(streams.Find(2));
        Assert.False(upstreams[5].IsCancellationRequested);

        // Then the oldest nobody reads (stream 2, not stream 1): its request is cancelled, no client can get its answer.
        streams.Open(new RequestStream(), default, null).Listener.Dispose();
        Assert.Null(streams.Find(2));
        Assert.NotNull(streams.Find(1));
        Assert.True(upstreams[1].IsCancellationRequested);
        Assert.False(upstreams[0].IsCancellationRequested);
        Assert.Equal(McpSessionStreams.MaxKept, streams.Count);
    }
}
