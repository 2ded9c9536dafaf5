using System.Diagnostics;
using System.Text.Json.Nodes;
using AgentGateway.Mcp.Sessions;
using AgentGateway.Mcp.Upstreams;
using AgentGateway.Telemetry;
using AgentGateway.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Tests.Mcp;

public sealed class UpstreamConnectionTests
{
    private static readonly TimeSpan s_long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SendRequest_RemapsIdAndReturnsAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        var upstream = new FakeMcpUpstream("t");
        await using var connection = new UpstreamConnection(0, upstream, new RecordingUpstreamHandler(), NullLogger.Instance);

        var call = connection.SendRequestAsync("tools/call", new JsonObject { ["name"] = "echo" }, new RequestId("client-7"), null, s_long, ct);
        var sent = await upstream.NextSentAsync<JsonRpcRequest>(ct);
        Assert.Equal("tools/call", sent.Method);
        Assert.IsType<long>(sent.Id.Id);
        upstream.Push(new JsonRpcResponse { Id = sent.Id, Result = new JsonObject { ["ok"] = true } });

        var answer = Assert.IsType<JsonRpcResponse>(await call);
        Assert.True(answer.Result!["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task SendRequest_UpstreamCloses_FailsPromptlyWithClosedError()
    {
        var ct = TestContext.Current.CancellationToken;
        var upstream = new FakeMcpUpstream("t");
        await using var connection = new UpstreamConnection(0, upstream, new RecordingUpstreamHandler(), NullLogger.Instance);

        var call = connection.SendRequestAsync("tools/call", null, new RequestId(1), null, s_long, ct);
        await upstream.NextSentAsync<JsonRpcRequest>(ct);
        upstream.Close();

        var error = await Assert.ThrowsAsync<McpUpstreamException>(() => call.WaitAsync(TimeSpan.FromSeconds(5), ct));
        Assert.Equal(McpUpstreamError.Closed, error.Error);
        Assert.False(connection.IsAlive);

        // Later calls fail at once, without waiting for a timeout.
        var again = await Assert.ThrowsAsync<McpUpstreamException>(() => connection.SendRequestAsync("ping", null, null, null, s_long, ct));
        Assert.Equal(McpUpstreamError.Closed, again.Error);
    }

    [Fact]
    public async Task SendRequest_NoAnswer_TimesOutAndCancelsUpstream()
    {
        var ct = TestContext.Current.CancellationToken;
        var upstream = new FakeMcpUpstream("t");
        await using var connection = new UpstreamConnection(0, upstream, new RecordingUpstreamHandler(), NullLogger.Instance);

        var call = connection.SendRequestAsync("tools/call", null, new RequestId(1), null, TimeSpan.FromMilliseconds(200), ct);
        var sent = await upstream.NextSentAsync<JsonRpcRequest>(ct);

        var error = await Assert.ThrowsAsync<McpUpstreamException>(() => call);
        Assert.Equal(McpUpstreamError.Timeout, error.Error);
        var cancelled = await upstream.NextSentAsync<JsonRpcNotification>(ct);
        Assert.Equal("notifications/cancelled", cancelled.Method);
        Assert.Equal((long)sent.Id.Id!, cancelled.Params!["requestId"]!.GetValue<long>());
    }

    [Fact]
    public async Task Progress_WithToken_GoesToTheRequestStreamAndKeepsItAlive()
    {
        var ct = TestContext.Current.CancellationToken;
        var upstream = new FakeMcpUpstream("t");
        var handler = new RecordingUpstreamHandler();
        await using var connection = new UpstreamConnection(0, upstream, handler, NullLogger.Instance);
        var sink = new RecordingSink();
        var parameters = new JsonObject { ["_meta"] = new JsonObject { ["progressToken"] = "tok" } };

        var call = connection.SendRequestAsync("tools/call", parameters, new RequestId(1), sink, TimeSpan.FromMilliseconds(600), ct);
        var sent = await upstream.NextSentAsync<JsonRpcRequest>(ct);

        // Progress every 200 ms for 1.2 s: longer than the timeout, but the timeout restarts with each one.
        for (var i = 1; i <= 6; i++)
        {
            upstream.Push(new JsonRpcNotification { Method = "notifications/progress", Params = new JsonObject { ["progressToken"] = "tok", ["progress"] = i } });
            await Task.Delay(200, ct);
        }

        upstream.Push(new JsonRpcResponse { Id = sent.Id, Result = new JsonObject() });
        Assert.IsType<JsonRpcResponse>(await call);
        Assert.Equal(6, sink.Messages.Count);
        Assert.Empty(handler.Received);
    }

    [Fact]
    public async Task UpstreamRequest_IsHandedToTheSession()
    {
        var ct = TestContext.Current.CancellationToken;
        var upstream = new FakeMcpUpstream("t");
        var handler = new RecordingUpstreamHandler();
        await using var connection = new UpstreamConnection(0, upstream, handler, NullLogger.Instance);

        upstream.Push(new JsonRpcRequest { Id = new RequestId(5), Method = "sampling/createMessage" });
        upstream.Push(new JsonRpcNotification { Method = "notifications/tools/list_changed" });

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (handler.Received.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, ct);
        }

        Assert.Collection(handler.Received,
            m => Assert.Equal("sampling/createMessage", Assert.IsType<JsonRpcRequest>(m).Method),
            m => Assert.Equal("notifications/tools/list_changed", Assert.IsType<JsonRpcNotification>(m).Method));
    }

    [Fact]
    public async Task TryCancel_ForwardsCancellationWithUpstreamId()
    {
        var ct = TestContext.Current.CancellationToken;
        var upstream = new FakeMcpUpstream("t");
        await using var connection = new UpstreamConnection(0, upstream, new RecordingUpstreamHandler(), NullLogger.Instance);

        var call = connection.SendRequestAsync("tools/call", null, new RequestId("c1"), null, s_long, ct);
        var sent = await upstream.NextSentAsync<JsonRpcRequest>(ct);

        Assert.True(await connection.TryCancelAsync(new RequestId("c1"), "user"));
        var cancelled = await upstream.NextSentAsync<JsonRpcNotification>(ct);
        Assert.Equal((long)sent.Id.Id!, cancelled.Params!["requestId"]!.GetValue<long>());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.False(await connection.TryCancelAsync(new RequestId("other"), null));
    }
    [Fact]
    public async Task SendRequest_TracingOff_SendsTheParametersUntouched()
    {
        var ct = TestContext.Current.CancellationToken;
        var upstream = new FakeMcpUpstream("t");
        using var tracing = new GatewayTracing(enabled: false);
        await using var connection = new UpstreamConnection(0, upstream, new RecordingUpstreamHandler(), NullLogger.Instance, tracing: tracing);
        var parameters = new JsonObject { ["name"] = "echo" };

        var call = connection.SendRequestAsync("tools/call", parameters, new RequestId(1), null, s_long, ct);
        var sent = await upstream.NextSentAsync<JsonRpcRequest>(ct);
        upstream.Push(new JsonRpcResponse { Id = sent.Id, Result = new JsonObject() });
        await call;

        Assert.Same(parameters, sent.Params);
        Assert.Equal("""{"name":"echo"}""", sent.Params!.ToJsonString());
    }

    [Fact]
    public async Task SendRequest_TracingOn_ClientSpanIsParentInMeta_AndRecordsTheError()
    {
        var ct = TestContext.Current.CancellationToken;
        var upstream = new FakeMcpUpstream("t");
        using var tracing = new GatewayTracing(enabled: true);
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, tracing.Source),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var connection = new UpstreamConnection(0, upstream, new RecordingUpstreamHandler(), NullLogger.Instance, tracing: tracing);

        var call = connection.SendRequestAsync("tools/call", new JsonObject { ["name"] = "echo" }, new RequestId(1), null, s_long, ct);
        var sent = await upstream.NextSentAsync<JsonRpcRequest>(ct);
        upstream.Push(new JsonRpcError { Id = sent.Id, Error = new JsonRpcErrorDetail { Code = -32602, Message = "Unknown tool" } });
        await call;

        var span = Assert.Single(stopped);
        Assert.Equal("tools/call echo", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(span.Id, sent.Params!["_meta"]!["traceparent"]!.GetValue<string>());
        Assert.Equal("t", span.GetTagItem("mcp.target"));
        Assert.Equal("echo", span.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("-32602", span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }
}
