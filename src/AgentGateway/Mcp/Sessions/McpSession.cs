using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AgentGateway.Mcp.Protocol;
using AgentGateway.Mcp.Upstreams;
using AgentGateway.Telemetry;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// One downstream MCP session and its upstream sessions, one per target. Routes what upstreams send on their
/// own (notifications, server→client requests) to the right client stream, and client answers back to the
/// upstream that asked.
/// </summary>
/// <remarks>
/// Routing of upstream-initiated messages: a progress notification goes to the stream of the request that
/// carried its token; anything else goes to the stream of the latest request still waiting on that upstream
/// (the spec asks such messages to relate to a request), and otherwise to the session's GET stream.
/// </remarks>
internal sealed partial class McpSession : IUpstreamMessageHandler, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (UpstreamConnection Connection, RequestId UpstreamId)> _serverRequests = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly GatewayMetrics? _metrics;
    private readonly GatewayTracing? _tracing;
    private long _lastActivity;
    private int _activeRequests;
    private long _serverRequestCounter;
    private int _disposed;
    private readonly SemaphoreSlim _reconnectLock = new(1, 1);
    private readonly McpSessionStreams _streams;

    /// <param name="id">The session id.</param>
    /// <param name="backend">The backend the session belongs to.</param>
    /// <param name="logger">Logs the session's events.</param>
    /// <param name="timeProvider">Clock of the idle time.</param>
    /// <param name="metrics">Measures the upstream calls; null where nothing is measured (unit tests).</param>
    /// <param name="tracing">Traces the upstream calls when tracing is on; null where nothing is traced (unit tests).</param>
    public McpSession(string id, McpBackendModel backend, ILogger logger, TimeProvider timeProvider, GatewayMetrics? metrics = null, GatewayTracing? tracing = null)
    {
        _tracing = tracing;
        Id = id;
        Backend = backend;
        _logger = logger;
        _timeProvider = timeProvider;
        _metrics = metrics;
        Connections = new UpstreamConnection?[backend.Targets.Count];
        Outbound = new OutboundStream(backend.Options.OutboundBufferLimit);
        _streams = new McpSessionStreams(timeProvider);
        _lastActivity = timeProvider.GetTimestamp();
    }

    /// <summary>The session id (the <c>Mcp-Session-Id</c> header value).</summary>
    public string Id { get; }

    /// <summary>The backend this session belongs to.</summary>
    public McpBackendModel Backend { get; }

    /// <summary>The caller's current token, for targets with <c>backendAuth: {passthrough: {}}</c>.</summary>
    public UpstreamCredential Credential { get; } = new();

    /// <summary>The place this session holds under <c>config.mcp.maxSessions</c>, given back once its upstreams have ended; null when not counted (unit tests).</summary>
    public McpSessionSlot? Slot { get; init; }

    /// <summary>The <see cref="McpCaller.Principal"/> that initialized the session, or null for an anonymous caller.</summary>
    public string? Owner { get; init; }

    /// <summary>Upstreams by target index; null for a target left out (failOpen) or not yet connected.</summary>
    public UpstreamConnection?[] Connections { get; }

    /// <summary>The GET stream (or legacy SSE connection) of this session.</summary>
    public OutboundStream Outbound { get; }

    /// <summary>
    /// The streams a client of this session can resume (<c>Last-Event-ID</c>); null for the throwaway session of a
    /// session-less request (<see cref="AcceptsServerRequests"/> false), whose client cannot come back to it (a broken
    /// stream cancels its request).
    /// </summary>
    public McpSessionStreams? Streams => AcceptsServerRequests ? _streams : null;

    /// <summary>The result sent to the client for <c>initialize</c>.</summary>
    public JsonObject? InitializeResult { get; set; }

    /// <summary>The protocol version agreed with the client.</summary>
    public string ProtocolVersion { get; set; } = McpProtocolVersions.V2025_03_26;

    /// <summary>
    /// Whether the client can answer server→client requests (sampling, elicitation, roots). False for the throwaway
    /// session of a session-less request (<c>statefulMode: stateless</c>, or a 2026-07-28 client): the client's answer
    /// could not find its way back, so such requests are refused at once instead of waiting for a timeout.
    /// </summary>
    public bool AcceptsServerRequests { get; init; } = true;

    /// <summary>Whether the session has ended.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Owners of names when names are not prefixed but there are several targets (<c>prefixMode: never</c>).</summary>
    public ConcurrentDictionary<string, int> NameOwners { get; } = new(StringComparer.Ordinal);

    /// <summary>When the session was last used.</summary>
    public TimeSpan IdleTime => _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    /// <summary>Whether a request or a stream is in progress (an active session is never reaped).</summary>
    public bool IsBusy => Volatile.Read(ref _activeRequests) > 0 || Outbound.IsListening;

    /// <summary>Connected upstreams that are alive, in target order.</summary>
    public IEnumerable<UpstreamConnection> LiveConnections
    {
        get
        {
            foreach (var c in Connections)
            {
                if (c is { IsAlive: true })
                {
                    yield return c;
                }
            }
        }
    }

    /// <summary>Marks the start of a request; dispose the result at its end.</summary>
    public ActivityScope BeginActivity()
    {
        Interlocked.Increment(ref _activeRequests);
        Interlocked.Exchange(ref _lastActivity, _timeProvider.GetTimestamp());
        return new ActivityScope(this);
    }

    /// <summary>Ends what <see cref="BeginActivity"/> began (for a request that ends in a callback, not in a scope).</summary>
    public void EndActivity()
    {
        Interlocked.Decrement(ref _activeRequests);
        Interlocked.Exchange(ref _lastActivity, _timeProvider.GetTimestamp());
    }

    /// <summary>Finds the connection of a target by name.</summary>
    public UpstreamConnection? FindConnection(string target)
    {
        foreach (var c in Connections)
        {
            if (c is not null && string.Equals(c.Target, target, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>Connects one upstream and answers its <c>initialize</c>.</summary>
    public async Task<UpstreamConnection> ConnectAsync(int index, IMcpUpstreamFactory factory, JsonObject initializeParams, CancellationToken cancellationToken)
    {
        InitializeParams ??= initializeParams;
        var target = Backend.Targets[index];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Backend.Options.InitializeTimeout);
        IMcpUpstream upstream;
        try
        {
            upstream = await factory.ConnectAsync(target, Backend.TargetAuth[index], Credential, Backend.TargetTls[index], timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new McpUpstreamException(target.Name, McpUpstreamError.StartFailed,
                $"MCP target '{target.Name}' did not start within {Backend.Options.InitializeTimeout.TotalSeconds:0} s");
        }

        var connection = new UpstreamConnection(index, upstream, this, _logger, _metrics, _tracing);
        try
        {
            var answer = await connection.SendRequestAsync(McpMethods.Initialize, initializeParams.DeepClone(), null, null, Backend.Options.InitializeTimeout, cancellationToken);
            if (answer is JsonRpcError error)
            {
                throw new McpUpstreamException(target.Name, McpUpstreamError.InitializeFailed,
                    $"MCP target '{target.Name}' refused initialize: {error.Error.Message}");
            }

            connection.InitializeResult = (answer as JsonRpcResponse)?.Result as JsonObject
                ?? throw new McpUpstreamException(target.Name, McpUpstreamError.InitializeFailed, $"MCP target '{target.Name}' sent an empty initialize result");
            await connection.SendNotificationAsync(McpMethods.NotificationInitialized, null, cancellationToken);
        }
        catch (Exception ex) when (ex is McpUpstreamException { Error: McpUpstreamError.Closed or McpUpstreamError.Timeout })
        {
            await connection.DisposeAsync();
            throw new McpUpstreamException(target.Name, McpUpstreamError.InitializeFailed,
                $"MCP target '{target.Name}' failed to initialize: {ex.Message}", ex);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        Connections[index] = connection;
        return connection;
    }

    /// <summary>The parameters the upstreams were initialized with (kept to re-initialize one).</summary>
    public JsonObject? InitializeParams { get; private set; }

    /// <summary>
    /// Replaces the upstream session of an HTTP target that lost it (the server expired it or restarted), so that the
    /// client's session goes on — where the reference leaves such sessions broken. Concurrent callers share one attempt.
    /// </summary>
    public async Task<UpstreamConnection> ReconnectAsync(UpstreamConnection lost, IMcpUpstreamFactory factory, CancellationToken cancellationToken)
    {
        await _reconnectLock.WaitAsync(cancellationToken);
        try
        {
            if (Connections[lost.Index] is { } current && current != lost && current.IsAlive)
            {
                return current;
            }

            Log.UpstreamReconnecting(_logger, lost.Target);
            await lost.DisposeAsync();
            return await ConnectAsync(lost.Index, factory, InitializeParams!, cancellationToken);
        }
        finally
        {
            _reconnectLock.Release();
        }
    }

    /// <summary>Routes a client's answer to a server→client request back to the upstream that asked.</summary>
    public async Task<bool> RouteClientResponseAsync(JsonRpcMessageWithId response, CancellationToken cancellationToken)
    {
        if (response.Id.Id is not string key || !_serverRequests.TryRemove(key, out var origin))
        {
            return false;
        }

        JsonRpcMessageWithId forwarded = response switch
        {
            JsonRpcResponse r => new JsonRpcResponse { Id = origin.UpstreamId, Result = r.Result },
            JsonRpcError e => new JsonRpcError { Id = origin.UpstreamId, Error = e.Error },
            _ => response,
        };
        try
        {
            await origin.Connection.SendResponseAsync(forwarded, cancellationToken);
        }
        catch (McpUpstreamException ex)
        {
            Log.ClientResponseDropped(_logger, origin.Connection.Target, ex.Message);
        }

        return true;
    }

    /// <inheritdoc />
    public void OnUpstreamNotification(UpstreamConnection connection, JsonRpcNotification notification)
    {
        if (notification.Method == McpMethods.NotificationCancelled
            && notification.Params is JsonObject cp && cp["requestId"] is { } rid)
        {
            // The upstream gave up on a server→client request it made: tell the client under the id it knows.
            foreach (var (key, origin) in _serverRequests)
            {
                if (origin.Connection == connection && IdEquals(origin.UpstreamId, rid))
                {
                    cp["requestId"] = key;
                    _serverRequests.TryRemove(key, out _);
                    break;
                }
            }
        }

        var rewritten = McpNaming.RewriteUpstreamNotification(Backend.Prefixed, connection.Target, notification);
        RouteToClient(connection, rewritten);
    }

    /// <inheritdoc />
    public void OnUpstreamRequest(UpstreamConnection connection, JsonRpcRequest request)
    {
        if (!AcceptsServerRequests)
        {
            _ = RefuseServerRequestAsync(connection, request);
            return;
        }

        var key = $"agw_{connection.Target}_s_{Interlocked.Increment(ref _serverRequestCounter)}";
        _serverRequests[key] = (connection, request.Id);
        RouteToClient(connection, new JsonRpcRequest { Id = new RequestId(key), Method = request.Method, Params = request.Params });
    }

    private async Task RefuseServerRequestAsync(UpstreamConnection connection, JsonRpcRequest request)
    {
        JsonRpcMessage answer = request.Method == McpMethods.Ping
            ? new JsonRpcResponse { Id = request.Id, Result = new JsonObject() }
            : JsonRpcErrors.Create(request.Id, McpErrorCodes.MethodNotFound,
                $"'{request.Method}' is not available: the client has no session to answer server requests in (stateless mode or protocol {McpProtocolVersions.V2026_07_28})");
        try
        {
            await connection.SendResponseAsync(answer, CancellationToken.None);
        }
        catch (McpUpstreamException ex)
        {
            Log.ClientResponseDropped(_logger, connection.Target, ex.Message);
        }
    }

    private void RouteToClient(UpstreamConnection connection, JsonRpcMessage message)
    {
        var sink = connection.LatestActiveSink;
        if (sink is null || !sink.TryWrite(message))
        {
            var dropped = Outbound.Dropped;
            Outbound.TryWrite(message);
            if (dropped == 0 && Outbound.Dropped > 0)
            {
                // Once per session: a client that never opens a GET stream is common, and its notifications are not lost to anyone else.
                Log.OutboundFull(_logger, Backend.Key, Backend.Options.OutboundBufferLimit);
            }
        }
    }

    private static bool IdEquals(RequestId id, JsonNode node) => id.Id switch
    {
        long l => node is JsonValue v && v.TryGetValue<long>(out var n) && n == l,
        string s => node is JsonValue v && v.TryGetValue<string>(out var t) && t == s,
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Outbound.Complete();
        var tasks = new List<Task>();
        foreach (var c in Connections)
        {
            if (c is not null)
            {
                tasks.Add(c.DisposeAsync().AsTask());
            }
        }

        try
        {
            await Task.WhenAll(tasks);
        }
        finally
        {
            Slot?.Release();
        }

        Log.SessionEnded(_logger, Backend.Key);
    }

    /// <summary>Ends a request's activity on dispose.</summary>
    internal readonly struct ActivityScope(McpSession session) : IDisposable
    {
        public void Dispose() => session.EndActivity();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2201, Level = LogLevel.Debug, Message = "A client response for MCP target '{Target}' was dropped: {Reason}")]
        public static partial void ClientResponseDropped(ILogger logger, string target, string reason);

        [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "MCP target '{Target}' lost its upstream session; starting a new one.")]
        public static partial void UpstreamReconnecting(ILogger logger, string target);

        [LoggerMessage(EventId = 2204, Level = LogLevel.Debug,
            Message = "An MCP session on backend '{Backend}' has {Limit} messages waiting for a GET stream that no client reads; the oldest notifications are dropped from now on.")]
        public static partial void OutboundFull(ILogger logger, string backend, int limit);

        [LoggerMessage(EventId = 2202, Level = LogLevel.Debug, Message = "MCP session on backend '{Backend}' ended.")]
        public static partial void SessionEnded(ILogger logger, string backend);
    }
}
