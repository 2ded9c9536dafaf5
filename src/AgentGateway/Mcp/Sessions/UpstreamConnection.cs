using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AgentGateway.Mcp.Protocol;
using AgentGateway.Mcp.Upstreams;
using AgentGateway.Telemetry;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// One upstream of one downstream session: remaps request ids, matches responses to requests, times requests out,
/// and hands everything the upstream sends on its own to the session.
/// </summary>
internal sealed partial class UpstreamConnection : IRawAnswerReceiver, IAsyncDisposable
{
    private readonly IMcpUpstream _upstream;
    private readonly IUpstreamMessageHandler _handler;
    private readonly ConcurrentDictionary<long, PendingUpstreamRequest> _pending = new();
    private readonly ILogger _logger;
    private readonly GatewayMetrics? _metrics;
    private readonly GatewayTracing? _tracing;
    private readonly Task _readLoop;
    private readonly StdioMcpUpstream? _stdio;
    private long _nextId;
    private string? _closedReason;
    private Timer? _sweep;
    private TimeSpan _sweepPeriod = TimeSpan.MaxValue;

    /// <param name="index">Index of the target in the backend's target list.</param>
    /// <param name="upstream">The connected upstream; disposed with this connection.</param>
    /// <param name="handler">Receives what the upstream sends on its own.</param>
    /// <param name="logger">Logs closes and failures.</param>
    /// <param name="metrics">Measures each request's duration; null where nothing is measured (unit tests).</param>
    /// <param name="tracing">Makes a client span per request when tracing is on; null or off, requests are sent untouched.</param>
    public UpstreamConnection(
        int index, IMcpUpstream upstream, IUpstreamMessageHandler handler, ILogger logger, GatewayMetrics? metrics = null, GatewayTracing? tracing = null)
    {
        _tracing = tracing is { Enabled: true } ? tracing : null;
        Index = index;
        _upstream = upstream;
        _handler = handler;
        _logger = logger;
        _metrics = metrics;
        if (upstream is StdioMcpUpstream stdio)
        {
            _stdio = stdio;
            stdio.RawAnswers = this;
        }

        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>
    /// Whether requests can be relayed as bytes (<see cref="StartRawRequest"/>): stdio targets, whose framing is the
    /// gateway's own; HTTP targets go through the MCP SDK's transports, which take parsed messages.
    /// </summary>
    public bool AcceptsRawRequests => _stdio is not null;

    /// <summary>Index of the target in the backend's target list.</summary>
    public int Index { get; }

    /// <summary>The target name.</summary>
    public string Target => _upstream.Target;

    /// <summary>The process id of a stdio target; null for HTTP targets.</summary>
    public int? ProcessId => _upstream is StdioMcpUpstream stdio ? stdio.ProcessId : null;

    /// <summary>The upstream's <c>initialize</c> result, once initialized.</summary>
    public JsonObject? InitializeResult { get; set; }

    /// <summary>Why the upstream is gone, or null while it is alive.</summary>
    public string? ClosedReason => Volatile.Read(ref _closedReason);

    /// <summary>Whether the upstream is alive.</summary>
    public bool IsAlive => ClosedReason is null;

    /// <summary>Whether any request with a client stream is waiting on this upstream.</summary>
    public IMcpMessageSink? LatestActiveSink
    {
        get
        {
            PendingUpstreamRequest? latest = null;
            foreach (var (_, pending) in _pending)
            {
                if (pending.Sink is not null && (latest is null || pending.UpstreamId > latest.UpstreamId))
                {
                    latest = pending;
                }
            }

            return latest?.Sink;
        }
    }

    /// <summary>Sends a request and waits for its response or error.</summary>
    /// <exception cref="McpUpstreamException">The upstream is gone, failed or timed out.</exception>
    public async Task<JsonRpcMessage> SendRequestAsync(
        string method, JsonNode? parameters, RequestId? downstreamId, IMcpMessageSink? sink, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        var pending = new PendingUpstreamRequest(method, Interlocked.Increment(ref _nextId), downstreamId, sink, timeout)
        {
            ProgressToken = sink is not null && parameters is JsonObject p && p["_meta"] is JsonObject meta && meta["progressToken"] is { } token
                ? token.ToJsonString()
                : null,
        };
        var answer = await ExchangeAsync(pending, parameters, cancellationToken);
        return answer.Message!;
    }

    /// <summary>
    /// Sends a client request as its bytes, with only its id replaced (<see cref="AcceptsRawRequests"/> must be true), and
    /// returns: <paramref name="callback"/> is told once when it is settled, with the answer (as bytes when the upstream's
    /// line could be taken as it is, else parsed) or why there is none (the target closed or timed out, the caller's
    /// <paramref name="cancellationToken"/> was cancelled: then the target is told so), on the thread that settled it.
    /// </summary>
    /// <exception cref="McpUpstreamException">The upstream is gone: nothing was sent, and the callback is not called.</exception>
    public void StartRawRequest(
        RawJsonRpcRequest request, IMcpMessageSink? sink, TimeSpan timeout, IRawAnswerCallback callback, object? callbackState, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        var pending = new PendingUpstreamRequest(request.Method, Interlocked.Increment(ref _nextId), downstreamId: null, sink, timeout, owner: this)
        {
            ProgressToken = sink is not null ? request.ProgressToken : null,
            Raw = request,
            Callback = callback,
            CallbackState = callbackState,
            Started = _metrics is { UpstreamCallsEnabled: true } ? Stopwatch.GetTimestamp() : 0,
        };
        var id = pending.UpstreamId;
        _pending[id] = pending;
        EnsureSweeping(timeout);
        if (cancellationToken.CanBeCanceled)
        {
            // Registered before the request is sent, so no answer can come before it is in place.
            pending.Cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingUpstreamRequest)state!).TrySetCanceled(token), pending);
        }

        Task sent;
        try
        {
            sent = _stdio!.SendRawRequestAsync(request, id, cancellationToken);
        }
        catch (Exception ex)
        {
            sent = Task.FromException(ex);
        }

        if (!sent.IsCompletedSuccessfully)
        {
            _ = SettleIfNotSentAsync(sent, pending);
        }
    }

    private static async Task SettleIfNotSentAsync(Task sent, PendingUpstreamRequest pending)
    {
        try
        {
            await sent;
        }
        catch (OperationCanceledException ex)
        {
            pending.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            pending.TrySetException(ex);
        }
    }

    /// <summary>
    /// A request relayed as bytes was settled (once): its entry goes, its duration is measured (unless the caller gave up,
    /// which says nothing of the target), a caller's cancellation is passed on to the target, and its callback is told.
    /// </summary>
    internal void OnRawSettled(PendingUpstreamRequest pending, UpstreamAnswer answer, Exception? error)
    {
        var id = pending.UpstreamId;
        _pending.TryRemove(id, out _);
        pending.Cancellation.Unregister();
        if (error is OperationCanceledException { CancellationToken.IsCancellationRequested: true })
        {
            _ = TrySendCancelledAsync(id, "cancelled by the client");
        }
        else if (pending.Started != 0)
        {
            _metrics!.RecordUpstreamCall(Target, McpMethods.MetricLabel(pending.Method), Stopwatch.GetElapsedTime(pending.Started));
        }

        try
        {
            pending.Callback!.OnRawAnswer(this, pending, answer, error);
        }
        catch (Exception ex)
        {
            // Whoever settled the request (the read loop, the timeout sweep, a cancellation) goes on serving the others.
            Log.RawAnswerCallbackFailed(_logger, Target, ex);
        }
    }

    /// <inheritdoc />
    public bool TryReceive(ReadOnlySpan<byte> line, RawJsonRpcAnswerInfo info)
    {
        if (!_pending.TryGetValue(info.Id, out var pending) || pending.Raw is null)
        {
            return false;
        }

        pending.TrySetResult(new UpstreamAnswer(RawJsonRpc.CopyAnswer(line, info)));
        return true;
    }

    /// <summary>Sends <paramref name="pending"/>'s request and waits for its answer.</summary>
    private async Task<UpstreamAnswer> ExchangeAsync(PendingUpstreamRequest pending, JsonNode? parameters, CancellationToken cancellationToken)
    {
        var id = pending.UpstreamId;
        var method = pending.Method;
        _pending[id] = pending;
        EnsureSweeping(pending.Timeout);
        var started = _metrics is { UpstreamCallsEnabled: true } ? Stopwatch.GetTimestamp() : 0;
        using var span = _tracing is null ? null : StartSpan(method, parameters, id);
        if ((span ?? _tracing?.Current) is { } parent)
        {
            parameters = McpTraceContext.Inject(parameters, parent);
        }

        try
        {
            await _upstream.SendAsync(new JsonRpcRequest { Id = new RequestId(id), Method = method, Params = parameters }, cancellationToken);

            // A registration (pooled by the token's source) rather than Task.WaitAsync, which allocates a promise per call.
            UpstreamAnswer answer;
            using (cancellationToken.UnsafeRegister(static (state, token) => ((PendingUpstreamRequest)state!).TrySetCanceled(token), pending))
            {
                answer = await pending.Completion;
            }

            if (span is { IsAllDataRequested: true } && answer.Message is JsonRpcError error)
            {
                var code = error.Error.Code.ToString(CultureInfo.InvariantCulture);
                span.SetTag(GatewayTracing.Attributes.RpcResponseStatusCode, code);
                span.SetTag(GatewayTracing.Attributes.ErrorType, code);
                span.SetStatus(ActivityStatusCode.Error, error.Error.Message);
            }

            return answer;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken == cancellationToken)
        {
            started = 0; // the caller gave up: not a measure of the target
            span?.SetTag(GatewayTracing.Attributes.ErrorType, "cancelled");
            await TrySendCancelledAsync(id, "cancelled by the client");
            throw;
        }
        catch (McpUpstreamException ex) when (span is { IsAllDataRequested: true })
        {
            span.SetTag(GatewayTracing.Attributes.ErrorType, ex.Error.ToString());
            span.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            _pending.TryRemove(id, out _);
            if (started != 0)
            {
                // Answers, JSON-RPC errors and failures (timeout, closed) alike: a slow or failing target shows here.
                _metrics!.RecordUpstreamCall(Target, McpMethods.MetricLabel(method), Stopwatch.GetElapsedTime(started));
            }
        }
    }

    /// <summary>
    /// The client span of one request to the target, named <c>{method} {tool or prompt}</c> as the MCP semantic conventions
    /// ask; attributes only when it is sampled.
    /// </summary>
    private Activity? StartSpan(string method, JsonNode? parameters, long id)
    {
        var name = method switch
        {
            McpMethods.ToolsCall or McpMethods.PromptsGet when parameters is JsonObject p && McpNaming.JsonString(p, "name") is { } n => n,
            _ => null,
        };
        var span = _tracing!.StartClient(name is null ? method : method + " " + name);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(GatewayTracing.Attributes.McpMethodName, method);
            span.SetTag(GatewayTracing.Attributes.McpTarget, Target);
            span.SetTag(GatewayTracing.Attributes.JsonRpcRequestId, id.ToString(CultureInfo.InvariantCulture));
            span.SetTag(GatewayTracing.Attributes.NetworkTransport, _upstream is StdioMcpUpstream ? "pipe" : "tcp");
            if (name is not null)
            {
                span.SetTag(method == McpMethods.ToolsCall ? GatewayTracing.Attributes.GenAiToolName : GatewayTracing.Attributes.GenAiPromptName, name);
            }

            if (method == McpMethods.ToolsCall)
            {
                span.SetTag(GatewayTracing.Attributes.GenAiOperationName, "execute_tool");
            }
        }

        return span;
    }

    /// <summary>Starts the timeout sweep on first use, at a period fine enough for the shortest timeout seen.</summary>
    private void EnsureSweeping(TimeSpan timeout)
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 4, 50, 1000));
        if (_sweepPeriod <= period && _sweep is not null)
        {
            return;
        }

        lock (_pending)
        {
            if (_sweep is null || _sweepPeriod > period)
            {
                _sweepPeriod = period;
                _sweep ??= new Timer(static state => ((UpstreamConnection)state!).Sweep(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _sweep.Change(period, period);
            }
        }
    }

    /// <summary>Fails requests whose deadline passed, and tells the upstream to stop working on them.</summary>
    private void Sweep()
    {
        var now = Environment.TickCount64;
        foreach (var (id, pending) in _pending)
        {
            if (pending.IsExpired(now) && pending.TrySetException(new McpUpstreamException(Target, McpUpstreamError.Timeout,
                $"MCP target '{Target}' did not answer '{pending.Method}' within {pending.Timeout.TotalSeconds:0.#} s")))
            {
                _ = TrySendCancelledAsync(id, "timed out");
            }
        }
    }

    /// <summary>Sends a notification.</summary>
    public Task SendNotificationAsync(string method, JsonNode? parameters, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        return _upstream.SendAsync(new JsonRpcNotification { Method = method, Params = parameters }, cancellationToken);
    }

    /// <summary>Sends a response to a request the upstream made (sampling, elicitation, roots).</summary>
    public Task SendResponseAsync(JsonRpcMessage response, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        return _upstream.SendAsync(response, cancellationToken);
    }

    /// <summary>Forwards a client's cancellation of <paramref name="downstreamId"/>, if that request is waiting here.</summary>
    public async Task<bool> TryCancelAsync(RequestId downstreamId, string? reason)
    {
        foreach (var (_, pending) in _pending)
        {
            if (pending.DownstreamId is { } d && d.Equals(downstreamId))
            {
                await TrySendCancelledAsync(pending.UpstreamId, reason);
                pending.TrySetCanceled();
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Delivers a progress notification to the stream of the request that carried its token, and restarts that
    /// request's timeout. False when no waiting request has the token.
    /// </summary>
    private bool TryDeliverProgress(JsonRpcNotification notification)
    {
        if (notification.Params is not JsonObject p || p["progressToken"] is not { } token)
        {
            return false;
        }

        var key = token.ToJsonString();
        foreach (var (_, pending) in _pending)
        {
            if (pending.ProgressToken == key && pending.Sink is { } sink)
            {
                pending.OnProgress();
                sink.TryWrite(notification);
                return true;
            }
        }

        return false;
    }

    private async Task TrySendCancelledAsync(long upstreamId, string? reason)
    {
        if (!IsAlive)
        {
            return;
        }

        try
        {
            var p = new JsonObject { ["requestId"] = upstreamId };
            if (reason is not null)
            {
                p["reason"] = reason;
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _upstream.SendAsync(new JsonRpcNotification { Method = McpMethods.NotificationCancelled, Params = p }, cts.Token);
        }
        catch (Exception ex) when (ex is McpUpstreamException or OperationCanceledException)
        {
            // Best effort: the request is abandoned either way.
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            await foreach (var message in _upstream.Messages.ReadAllAsync())
            {
                switch (message)
                {
                    case JsonRpcRequest request:
                        _handler.OnUpstreamRequest(this, request);
                        break;
                    case JsonRpcNotification notification:
                        if (notification.Method != McpMethods.NotificationProgress || !TryDeliverProgress(notification))
                        {
                            _handler.OnUpstreamNotification(this, notification);
                        }

                        break;
                    case JsonRpcMessageWithId answer when answer.Id.Id is long id:
                        if (_pending.TryGetValue(id, out var pending))
                        {
                            pending.TrySetResult(new UpstreamAnswer(answer));
                        }

                        break;
                    default:
                        Log.UnmatchedUpstreamMessage(_logger, Target);
                        break;
                }
            }

            Close($"MCP target '{Target}' closed the connection");
        }
        catch (Exception ex)
        {
            Close($"MCP target '{Target}' failed: {ex.Message}");
        }
    }

    private void Close(string reason)
    {
        if (Interlocked.CompareExchange(ref _closedReason, reason, null) is not null)
        {
            return;
        }

        Log.UpstreamClosed(_logger, Target, reason);
        foreach (var (_, pending) in _pending)
        {
            pending.TrySetException(new McpUpstreamException(Target, McpUpstreamError.Closed, reason));
        }
    }

    private void ThrowIfClosed()
    {
        if (ClosedReason is { } reason)
        {
            throw new McpUpstreamException(Target, McpUpstreamError.Closed, reason) { RequestMayHaveRun = false };
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close($"MCP target '{Target}' session ended");
        if (_sweep is not null)
        {
            await _sweep.DisposeAsync();
        }

        try
        {
            await _upstream.DisposeAsync();
        }
        catch (Exception ex)
        {
            Log.UpstreamDisposeFailed(_logger, Target, ex);
        }

        await _readLoop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "MCP upstream '{Target}' closed: {Reason}")]
        public static partial void UpstreamClosed(ILogger logger, string target, string reason);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "MCP upstream '{Target}' sent a response matching no pending request.")]
        public static partial void UnmatchedUpstreamMessage(ILogger logger, string target);

        [LoggerMessage(EventId = 2103, Level = LogLevel.Debug, Message = "Disposing MCP upstream '{Target}' failed.")]
        public static partial void UpstreamDisposeFailed(ILogger logger, string target, Exception exception);

        [LoggerMessage(EventId = 2104, Level = LogLevel.Error, Message = "Finishing a request to MCP upstream '{Target}' failed.")]
        public static partial void RawAnswerCallbackFailed(ILogger logger, string target, Exception exception);
    }
}
