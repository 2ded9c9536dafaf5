using System.Buffers;
using System.Text.Json.Nodes;
using AgentGateway.Mcp.Protocol;
using AgentGateway.Mcp.Relay;
using AgentGateway.Mcp.Sessions;
using AgentGateway.Telemetry;
using AgentGateway.Utilities;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Endpoints;

/// <summary>
/// The MCP streamable HTTP transport on one path: POST (requests, notifications, responses), GET (server→client
/// stream), DELETE (end session); and the legacy HTTP+SSE transport at <c>/sse</c>. Knows nothing of routes: the
/// caller passes the backend the request was routed to.
/// </summary>
internal sealed partial class McpStreamableHttpHandler
{
    private static readonly TimeSpan s_keepAliveInterval = TimeSpan.FromSeconds(15);
    private readonly McpSessionStore _sessions;
    private readonly McpStatelessSessionPool _pool;
    private readonly McpSessionAdmission _admission;
    private readonly McpRelay _relay;
    private readonly IMcpSessionIdGenerator _ids;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<McpStreamableHttpHandler> _logger;
    private readonly GatewayMetrics _metrics;
    private readonly GatewayTracing _tracing;
    private readonly CancellationToken _stopping;

    public McpStreamableHttpHandler(
        McpSessionStore sessions, McpStatelessSessionPool pool, McpSessionAdmission admission, McpRelay relay, IMcpSessionIdGenerator ids, TimeProvider timeProvider, ILoggerFactory loggerFactory,
        GatewayMetrics metrics, GatewayTracing tracing, IHostApplicationLifetime lifetime)
    {
        _stopping = lifetime.ApplicationStopping;
        _metrics = metrics;
        _tracing = tracing;
        _sessions = sessions;
        _pool = pool;
        _admission = admission;
        _relay = relay;
        _ids = ids;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<McpStreamableHttpHandler>();
    }

    /// <summary>Serves one HTTP request for <paramref name="backend"/>.</summary>
    public Task HandleAsync(HttpContext context, McpBackendModel backend)
    {
        var request = context.Request;
        if (backend.Config.DnsRebindingProtection && !IsLocalRequest(request))
        {
            return McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.ForbiddenOrigin,
                "Forbidden: this MCP endpoint only accepts a localhost Host and Origin (DNS rebinding protection)", context.RequestAborted);
        }

        if (IsLegacySsePath(request.Path))
        {
            return HttpMethods.IsGet(request.Method) ? HandleLegacyStreamAsync(context, backend)
                : HttpMethods.IsPost(request.Method) ? HandleLegacyPostAsync(context, backend)
                : McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.MethodNotAllowed, "Method not allowed", context.RequestAborted);
        }

        if (HttpMethods.IsPost(request.Method))
        {
            return HandlePostAsync(context, backend);
        }

        if (HttpMethods.IsGet(request.Method))
        {
            return HandleGetAsync(context, backend);
        }

        if (HttpMethods.IsDelete(request.Method))
        {
            return HandleDeleteAsync(context, backend);
        }

        return McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.MethodNotAllowed, "Method not allowed", context.RequestAborted);
    }

    /// <summary>
    /// DNS rebinding: a web page on evil.example whose name resolves to 127.0.0.1 makes the browser send Host and Origin
    /// evil.example to a local server. Only loopback names pass: <c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>, any port.
    /// </summary>
    private static bool IsLocalRequest(HttpRequest request)
    {
        if (!IsLoopbackName(request.Host.Host))
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && IsLoopbackName(uri.Host));
    }

    private static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host is "127.0.0.1" or "[::1]" or "::1";

    private static bool IsLegacySsePath(PathString path) =>
        path.Value is { } p && (p.EndsWith("/sse", StringComparison.Ordinal) || p.EndsWith("/message", StringComparison.Ordinal));

    /// <remarks>
    /// Not async itself: the checks and the body read (already buffered, most of the time) run synchronously, and a
    /// request relayed as bytes goes straight to <see cref="HandleRawRequestAsync"/>, so the common call pays for one state
    /// machine less (this method's would be the largest).
    /// </remarks>
    private Task HandlePostAsync(HttpContext context, McpBackendModel backend)
    {
        var request = context.Request;
        var response = context.Response;
        var aborted = context.RequestAborted;

        if (!IsJson(request.ContentType))
        {
            return McpHttpResults.WriteErrorAsync(response, McpHttpError.UnsupportedMediaType, "Unsupported Media Type: Content-Type must be application/json", aborted);
        }

        if (!Accepts(request, McpHttpResults.JsonContentType) || !Accepts(request, McpHttpResults.EventStreamContentType))
        {
            return McpHttpResults.WriteErrorAsync(response, McpHttpError.NotAcceptable,
                "Not Acceptable: Accept must list both application/json and text/event-stream", aborted);
        }

        var headerVersion = request.Headers[McpHeaders.ProtocolVersion].ToString();
        if (headerVersion.Length > 0 && !McpProtocolVersions.IsSupported(headerVersion))
        {
            return McpHttpResults.WriteErrorAsync(response, McpHttpError.UnsupportedProtocolVersion,
                $"Bad Request: unsupported protocol version '{Sanitize(headerVersion)}' (supported: {string.Join(", ", McpProtocolVersions.Supported)})", aborted);
        }

        var modern = McpProtocolVersions.IsStateless(headerVersion);
        var keepRaw = backend.Stateful && !modern && McpRelay.RelaysAsBytes(backend, _tracing.Enabled);
        var read = McpRequestBody.ReadAsync(request, backend.Options.MaxRequestBodySize, keepRaw, aborted);
        return read.IsCompletedSuccessfully
            ? ServeBodyAsync(context, backend, read.Result, modern)
            : ServeBodyAsync(context, backend, read, modern);
    }

    private async Task ServeBodyAsync(HttpContext context, McpBackendModel backend, ValueTask<McpRequestBody.Result> read, bool modern) =>
        await ServeBodyAsync(context, backend, await read, modern);

    /// <summary>Serves a POST whose body has been read: as bytes when it was kept so, else parsed.</summary>
    private Task ServeBodyAsync(HttpContext context, McpBackendModel backend, McpRequestBody.Result body, bool modern)
    {
        if (body.Raw is { } raw)
        {
            // The one feature lookup of a call relayed as bytes (the caller, its rules and limits, the access log's record).
            var mcp = McpRequestFeature.Find(context);
            if (McpRelay.CanRelayAsBytes(raw, mcp?.Access, mcp?.Limiter))
            {
                return HandleRawRequestAsync(context, backend, raw, mcp);
            }

            body = McpRequestBody.Parse(new ReadOnlySequence<byte>(raw.Body));
        }

        return ServeParsedAsync(context, backend, body, modern);
    }

    private async Task ServeParsedAsync(HttpContext context, McpBackendModel backend, McpRequestBody.Result body, bool modern)
    {
        var request = context.Request;
        var response = context.Response;
        var aborted = context.RequestAborted;
        if (body.Error is { } bodyError)
        {
            await McpHttpResults.WriteErrorAsync(response, bodyError, body.ErrorMessage!, aborted);
            return;
        }

        var messages = body.Messages!;
        var mcp = McpRequestFeature.Find(context);
        if (mcp?.Info is { } info)
        {
            Describe(info, messages, body.IsBatch, backend, request.Headers[McpHeaders.SessionId].ToString());
        }

        var initialize = FindInitialize(messages);
        if (initialize is not null && messages.Count > 1)
        {
            await McpHttpResults.WriteErrorAsync(response, McpHttpError.InvalidRequest, "Invalid Request: initialize must not be part of a batch", aborted);
            return;
        }

        if (modern && !await CheckRoutingHeadersAsync(context, messages[0]))
        {
            return;
        }

        if (!backend.Stateful || (modern && initialize is null))
        {
            await HandleEphemeralAsync(context, backend, messages, initialize, modern, body.IsBatch);
            return;
        }

        if (initialize is not null)
        {
            await HandleInitializeAsync(context, backend, initialize);
            return;
        }

        var session = await FindSessionAsync(context, backend, mcp);
        if (session is null)
        {
            return;
        }

        await HandleSessionMessagesAsync(context, session, messages, body.IsBatch);
    }

    /// <summary>
    /// Serves one request kept as bytes (<see cref="McpRelay.RelaysAsBytes"/>, <see cref="McpRelay.CanRelayAsBytes"/>): the same
    /// outcomes as the parsed path (<see cref="StreamAnswerAsync"/>), without making objects of the request or its answer.
    /// </summary>
    /// <remarks>
    /// Not async itself, nor is anything under it until the answer: the session is found, the request sent and the
    /// answer awaited in <see cref="WriteAnswerAsync"/>, the one state machine of a call relayed as bytes (each level
    /// that awaited the answer cost one, ~200 bytes, and a resumption; measured with bench/).
    /// </remarks>
    private Task HandleRawRequestAsync(HttpContext context, McpBackendModel backend, RawJsonRpcRequest request, McpRequestFeature? mcp)
    {
        if (mcp?.Info is { } info)
        {
            DescribeRaw(info, request, backend, context.Request.Headers[McpHeaders.SessionId].ToString());
        }

        var find = FindSessionAsync(context, backend, mcp);
        if (!find.IsCompletedSuccessfully)
        {
            return RelayRawWhenFoundAsync(context, find, request, mcp);
        }

#pragma warning disable CA2012 // Consumed once: Result is read only after IsCompletedSuccessfully, and then never awaited.
        var session = find.Result;
#pragma warning restore CA2012
        return session is null ? Task.CompletedTask : RelayRawAsync(context, session, request, mcp);
    }

    private async Task RelayRawWhenFoundAsync(HttpContext context, ValueTask<McpSession?> find, RawJsonRpcRequest request, McpRequestFeature? mcp)
    {
        if (await find is { } session)
        {
            await RelayRawAsync(context, session, request, mcp);
        }
    }

    private Task RelayRawAsync(HttpContext context, McpSession session, RawJsonRpcRequest request, McpRequestFeature? mcp)
    {
        if (session.Connections[0] is not { AcceptsRawRequests: true } connection)
        {
            // An HTTP target (the SDK's transports take parsed messages), or none left: the parsed path says what to do.
            return ServeParsedOnSessionAsync(context, session, request);
        }

        var stream = new RequestStream();
        var upstream = session.Streams is null ? null : new CancellationTokenSource();
        _relay.RelayRaw(session, connection, request, stream, mcp?.Access, mcp?.Limiter, upstream?.Token ?? context.RequestAborted);
        return WriteAnswerAsync(context, stream, request.IdJson, session, upstream);
    }

    private async Task ServeParsedOnSessionAsync(HttpContext context, McpSession session, RawJsonRpcRequest request)
    {
        var parsed = McpRequestBody.Parse(new ReadOnlySequence<byte>(request.Body));
        if (parsed.Error is { } error)
        {
            await McpHttpResults.WriteErrorAsync(context.Response, error, parsed.ErrorMessage!, context.RequestAborted);
            return;
        }

        await HandleSessionMessagesAsync(context, session, parsed.Messages!, isBatch: false);
    }

    private async Task HandleInitializeAsync(HttpContext context, McpBackendModel backend, JsonRpcRequest initialize)
    {
        var mcp = McpRequestFeature.Find(context);
        RecordLocalRequest(backend, McpMethods.Initialize);
        if (await NewSessionAsync(context, backend, mcp) is not { } session)
        {
            return;
        }

        JsonRpcMessage answer;
        try
        {
            answer = await _relay.InitializeAsync(session, initialize, context.RequestAborted);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }

        if (answer is JsonRpcError)
        {
            await session.DisposeAsync();
        }
        else
        {
            _sessions.Add(session);
            mcp?.Info?.SetSession(session.Id);
            context.Response.Headers[McpHeaders.SessionId] = session.Id;
            Log.SessionStarted(_logger, backend.Key, session.ProtocolVersion);
        }

        await McpHttpResults.WriteJsonAsync(context.Response, answer, context.RequestAborted);
    }

    /// <summary>
    /// A new session of <paramref name="backend"/> for the request's caller, with its place under
    /// <c>config.mcp.maxSessions</c> and <c>config.mcp.maxSessionsPerCaller</c> and the caller's credential; its upstreams
    /// are not started yet. Null when refused, and then answered 503 (the gateway's limit) or 429 (the caller's).
    /// </summary>
    private async ValueTask<McpSession?> NewSessionAsync(HttpContext context, McpBackendModel backend, McpRequestFeature? mcp, bool acceptsServerRequests = true)
    {
        var caller = CallerOf(mcp);
        var admission = await _admission.TryAdmitAsync(backend, caller);
        if (admission.Slot is { } slot)
        {
            var session = new McpSession(_ids.NewId(), backend, _loggerFactory.CreateLogger<McpSession>(), _timeProvider, _metrics, _tracing)
            {
                AcceptsServerRequests = acceptsServerRequests,
                Owner = caller,
                Slot = slot,
            };
            UpdateCredential(mcp, session);
            return session;
        }

        await (admission.Outcome == McpAdmissionOutcome.CallerLimitReached
            ? McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.CallerSessionLimitReached,
                "Too Many Requests: you hold the most MCP sessions one caller may, and all of them are in use; end one (DELETE) or retry later",
                context.RequestAborted)
            : McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.SessionLimitReached,
                "Service Unavailable: the gateway is at its limit of MCP sessions and all of them are in use; retry later", context.RequestAborted));
        return null;
    }

    /// <summary>Counts a client request the handler answers itself (<c>initialize</c>, <c>server/discover</c>); the relay counts the rest.</summary>
    private void RecordLocalRequest(McpBackendModel backend, string method) =>
        _metrics.RecordMcpRequest(method, backend.IsMultiplexed ? "" : backend.Targets[0].Name, tool: null);

    private async ValueTask<McpSession?> FindSessionAsync(HttpContext context, McpBackendModel backend, McpRequestFeature? mcp)
    {
        var id = context.Request.Headers[McpHeaders.SessionId].ToString();
        if (id.Length == 0)
        {
            await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.MissingSession,
                "Bad Request: Mcp-Session-Id header is required for requests other than initialize", context.RequestAborted);
            return null;
        }

        var session = FindOwnedSession(id, backend, mcp);
        if (session is null)
        {
            await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.SessionNotFound,
                "Session not found: it expired or was ended; initialize a new session", context.RequestAborted);
        }

        return session;
    }

    /// <summary>The caller proved by authentication in front of the engine, or null for an anonymous one.</summary>
    private static string? CallerOf(McpRequestFeature? mcp) => mcp?.Caller?.Principal;

    /// <summary>
    /// The session with this id on this backend, if the caller is the one that initialized it. Another caller is told
    /// the session does not exist (404), exactly as for an unknown id, so a leaked id reveals nothing and serves nobody else.
    /// </summary>
    private McpSession? FindOwnedSession(string id, McpBackendModel backend, McpRequestFeature? mcp)
    {
        var session = _sessions.Find(id, backend);
        if (session is null)
        {
            return null;
        }

        if (!string.Equals(session.Owner, CallerOf(mcp), StringComparison.Ordinal))
        {
            Log.SessionOwnerMismatch(_logger, backend.Key);
            return null;
        }

        UpdateCredential(mcp, session);
        return session;
    }

    /// <summary>Passthrough targets get the caller's latest token (same caller: sessions are bound to it).</summary>
    private static void UpdateCredential(McpRequestFeature? mcp, McpSession session)
    {
        if (session.Backend.UsesPassthrough)
        {
            session.Credential.Token = mcp?.Caller?.BearerToken;
        }
    }

    /// <summary>Relays the messages of one POST within a session, and writes the answer.</summary>
    private async Task HandleSessionMessagesAsync(HttpContext context, McpSession session, IReadOnlyList<JsonRpcMessage> messages, bool isBatch)
    {
        var aborted = context.RequestAborted;
        List<JsonRpcRequest>? requests = null;
        foreach (var message in messages)
        {
            switch (message)
            {
                case JsonRpcRequest r:
                    (requests ??= []).Add(r);
                    break;
                case JsonRpcNotification n:
                    await _relay.HandleNotificationAsync(session, n, aborted);
                    break;
                case JsonRpcMessageWithId answer:
                    await session.RouteClientResponseAsync(answer, aborted);
                    break;
            }
        }

        if (requests is null)
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        if (!isBatch)
        {
            await StreamAnswerAsync(context, session, requests[0]);
            return;
        }

        // A batch (2025-03-26) gets one JSON array; related messages go to the session's GET stream.
        var mcp = McpRequestFeature.Find(context);
        var finals = await Task.WhenAll(requests.Select(r => _relay.HandleRequestAsync(session, r, session.Outbound, mcp?.Access, mcp?.Limiter, aborted)));
        await McpHttpResults.WriteJsonArrayAsync(context.Response, finals, aborted);
    }

    /// <summary>
    /// Answers one request: plain JSON when the answer is the first thing available, otherwise an SSE stream carrying
    /// the related notifications and server→client requests, then the answer. <c>answered</c>, when given, runs once the
    /// final answer is in hand, before it is written (session-less requests give their upstreams back there).
    /// </summary>
    private async Task StreamAnswerAsync(HttpContext context, McpSession session, JsonRpcRequest request, Func<Task>? answered = null)
    {
        var aborted = context.RequestAborted;
        var stream = new RequestStream();
        var mcp = McpRequestFeature.Find(context);
        var upstream = session.Streams is null ? null : new CancellationTokenSource();
        _ = RunAsync(session, request, stream, mcp?.Access, mcp?.Limiter, upstream?.Token ?? aborted);
        await WriteAnswerAsync(context, stream, rawId: default, session, upstream, answered);
    }

    /// <summary>
    /// Writes what <paramref name="stream"/> carries as the HTTP answer: plain JSON when the final answer is the first
    /// thing available, otherwise an SSE stream of the related messages, then the answer. A final answer kept as bytes
    /// (<see cref="RequestStream.RawAnswer"/>) goes out under the client's id, <paramref name="rawId"/>.
    /// </summary>
    /// <remarks>
    /// In a session a client can come back to (<see cref="McpSession.Streams"/>), the request runs under
    /// <paramref name="upstream"/>, not under the connection: an SSE answer carries event ids, and a client that loses
    /// the connection resumes it with <c>Last-Event-ID</c> while the request goes on (disconnection is not cancellation).
    /// A client gone before anything was sent has nothing to resume from, and its request is cancelled upstream.
    /// <para><paramref name="answered"/>, when given, runs once the final answer is in hand and before it is written.</para>
    /// </remarks>
    private async Task WriteAnswerAsync(
        HttpContext context, RequestStream stream, ReadOnlyMemory<byte> rawId, McpSession? session = null, CancellationTokenSource? upstream = null,
        Func<Task>? answered = null)
    {
        var aborted = context.RequestAborted;
        bool queued;
        try
        {
            queued = await stream.WaitToReadAsync(aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            upstream?.Cancel();
            return;
        }

        if (!queued)
        {
            await (answered?.Invoke() ?? Task.CompletedTask);
            McpHttpResults.WriteFinalJson(context.Response, stream.RawAnswer!, rawId.Span);
            return;
        }

        if (stream.TryPeek(out var first) && first is JsonRpcResponse or JsonRpcError)
        {
            await (answered?.Invoke() ?? Task.CompletedTask);
            await McpHttpResults.WriteJsonAsync(context.Response, first, aborted);
            return;
        }

        if (session?.Streams is { } streams)
        {
            var (resumable, listener) = streams.Open(stream, rawId.ToArray(), upstream);
            await WriteResumableAsync(context, session, resumable, listener, after: -1);
            return;
        }

        try
        {
            await McpHttpResults.StartEventStreamAsync(context.Response, aborted);
            await foreach (var message in stream.ReadAllAsync(aborted))
            {
                if (message is JsonRpcResponse or JsonRpcError)
                {
                    await (answered?.Invoke() ?? Task.CompletedTask);
                }

                await McpHttpResults.WriteEventAsync(context.Response, message, aborted);
            }

            if (stream.RawAnswer is { } answer)
            {
                await (answered?.Invoke() ?? Task.CompletedTask);
                await McpHttpResults.WriteEventAsync(context.Response, answer, rawId.Span, aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; the relay sees the same token and cancels upstream.
        }
        finally
        {
            if (stream.Dropped > 0)
            {
                Log.NotificationsDropped(_logger, stream.Dropped, RequestStream.MaxPending);
            }
        }
    }

    /// <summary>
    /// Writes a resumable POST stream as the SSE answer of this request: a new stream (<paramref name="after"/> -1) starts
    /// with a priming event for clients that expect one; a resumed one replays the kept events that came after event
    /// <paramref name="after"/>. Then the request's messages as they come, until its final answer. The connection going,
    /// or another one resuming the stream, leaves the request running.
    /// </summary>
    private async Task WriteResumableAsync(HttpContext context, McpSession session, ResumableStream stream, ResumableStreamListener listener, long after)
    {
        var aborted = context.RequestAborted;
        using (listener)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, listener.TakenOver);
            var cancellationToken = linked.Token;
            try
            {
                await McpHttpResults.StartEventStreamAsync(context.Response, cancellationToken);
                if (after < 0)
                {
                    if (McpProtocolVersions.PrimesStreams(session.ProtocolVersion))
                    {
                        await McpHttpResults.WritePrimingEventAsync(context.Response, stream.Number, 0, cancellationToken);
                    }
                }
                else
                {
                    await McpHttpResults.WriteEventsAsync(context.Response, stream.EventsAfter(after), cancellationToken);
                }

                var source = stream.Source!;
                var finishedHere = false;
                while (await source.WaitToReadAsync(cancellationToken))
                {
                    while (source.TryRead(out var message))
                    {
                        var final = message is JsonRpcResponse or JsonRpcError;
                        stream.Add(sequence => McpHttpResults.FormatEvent(stream.Number, sequence, message), out var sent, final);
                        finishedHere |= final;
                        await context.Response.BodyWriter.WriteAsync(sent, cancellationToken);
                    }
                }

                if (source.RawAnswer is { } answer && !stream.IsFinished)
                {
                    stream.Add(sequence => McpHttpResults.FormatEvent(stream.Number, sequence, answer, stream.RawId.Span), out var sent, final: true);
                    finishedHere = true;
                    await context.Response.BodyWriter.WriteAsync(sent, cancellationToken);
                }

                if (stream.IsFinished && !aborted.IsCancellationRequested)
                {
                    // Written in full to a connection still open: kept only briefly now.
                    stream.MarkDelivered();
                }

                if (finishedHere && source.Dropped > 0)
                {
                    Log.NotificationsDropped(_logger, source.Dropped, RequestStream.MaxPending);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The client went away, or resumed the stream on another connection: the request goes on.
                Log.StreamLeft(_logger, session.Backend.Key, stream.Number);
            }
        }
    }

    private async Task RunAsync(
        McpSession session, JsonRpcRequest request, RequestStream stream, IMcpAccessPolicy? access, IMcpCallLimiter? limiter, CancellationToken cancellationToken)
    {
        JsonRpcMessage final;
        try
        {
            final = await _relay.HandleRequestAsync(session, request, stream, access, limiter, cancellationToken);
        }
        catch (Exception ex)
        {
            final = _relay.FailureAnswer(request.Id, request.Method, ex);
        }

        stream.Complete(final);
    }

    /// <summary>Fills the access-log description of a POST: method, the name it calls and its target, the session.</summary>
    private static void Describe(McpRequestInfo info, IReadOnlyList<JsonRpcMessage> messages, bool isBatch, McpBackendModel backend, string sessionId)
    {
        info.SetSession(sessionId.Length == 0 ? null : sessionId);
        if (isBatch)
        {
            info.Method = "batch";
            return;
        }

        switch (messages[0])
        {
            case JsonRpcRequest r:
                info.Method = r.Method;
                var property = McpMethods.NamedItemProperty(r.Method);
                if (property is not null && r.Params is JsonObject p && McpNaming.JsonString(p, property) is { } name)
                {
                    // A resource URI's query may carry a credential (?token=…): logs, spans and /requests get it without,
                    // as they get request paths.
                    info.Name = property == "uri" ? WithoutQuery(name) : name;
                    info.Target = !backend.IsMultiplexed ? backend.Targets[0].Name
                        : backend.Prefixed && McpNaming.TrySplit(name, property == "uri" ? McpNaming.UriSeparator : McpNaming.NameSeparator, out var target, out _) ? target
                        : null;
                }
                else if (!backend.IsMultiplexed)
                {
                    info.Target = backend.Targets[0].Name;
                }

                break;
            case JsonRpcNotification n:
                info.Method = n.Method;
                break;
            default:
                info.Method = "response";
                break;
        }
    }

    /// <summary>The access-log description of a request kept as bytes (see <see cref="Describe"/>).</summary>
    private static void DescribeRaw(McpRequestInfo info, RawJsonRpcRequest request, McpBackendModel backend, string sessionId)
    {
        info.SetSession(sessionId.Length == 0 ? null : sessionId);
        info.Method = request.Method;
        info.Target = backend.Targets[0].Name;
        var name = McpMethods.NamedItemProperty(request.Method) switch
        {
            "name" => request.Name,
            "uri" => request.Uri is { } uri ? WithoutQuery(uri) : null,
            _ => null,
        };
        if (name is not null)
        {
            info.Name = name;
        }
    }

    /// <summary>A resource URI without its query, which may carry a credential (<c>?token=…</c>).</summary>
    private static string WithoutQuery(string uri) => uri.IndexOf('?', StringComparison.Ordinal) is >= 0 and var query ? uri[..query] : uri;

    private static JsonRpcRequest? FindInitialize(IReadOnlyList<JsonRpcMessage> messages)
    {
        foreach (var m in messages)
        {
            if (m is JsonRpcRequest { Method: McpMethods.Initialize } r)
            {
                return r;
            }
        }

        return null;
    }

    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        // Fast path for what clients send; the parser for everything else.
        if (contentType.Equals(McpHttpResults.JsonContentType, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            && parsed.MediaType.Equals(McpHttpResults.JsonContentType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether the comma-separated <paramref name="list"/> has <paramref name="mediaType"/> as one of its entries.</summary>
    private static bool ListsPlainly(string list, string mediaType)
    {
        foreach (var range in list.AsSpan().Split(','))
        {
            if (list.AsSpan()[range].Trim(' ').Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the Accept header allows <paramref name="mediaType"/> (a <c>*/*</c> or <c>type/*</c> wildcard counts).</summary>
    private static bool Accepts(HttpRequest request, string mediaType)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0)
        {
            return false;
        }

        // Fast path: the media type listed plainly (as one of the comma-separated entries), without parameters such as q=0
        // that could refuse it; anything else (wildcards, parameters, several header lines) is parsed.
        if (accept.Count == 1 && accept[0] is { } single && !single.Contains(';', StringComparison.Ordinal) && ListsPlainly(single, mediaType))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept, out var values))
        {
            return false;
        }

        var wanted = new MediaTypeHeaderValue(mediaType);
        foreach (var v in values)
        {
            if (wanted.IsSubsetOf(v))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Makes a client-supplied value safe to echo in an error message.</summary>
    private static string Sanitize(string value) =>
        value.Length > 40 || value.Any(c => c < 0x20 || c > 0x7e) ? "(invalid)" : value;

    private static partial class Log
    {
        [LoggerMessage(EventId = 2501, Level = LogLevel.Debug, Message = "MCP session started on backend '{Backend}' (protocol {ProtocolVersion}).")]
        public static partial void SessionStarted(ILogger logger, string backend, string protocolVersion);

        // 2502 (a request that failed unexpectedly) is logged by McpRelay.FailureAnswer.

        [LoggerMessage(EventId = 2503, Level = LogLevel.Debug, Message = "MCP session on backend '{Backend}' ended by the client.")]
        public static partial void SessionDeleted(ILogger logger, string backend);

        [LoggerMessage(EventId = 2504, Level = LogLevel.Warning, Message = "A request on backend '{Backend}' presented the id of a session that another caller initialized; answered as an unknown session.")]
        public static partial void SessionOwnerMismatch(ILogger logger, string backend);

        [LoggerMessage(EventId = 2506, Level = LogLevel.Debug, Message = "A client left stream {Stream} of an MCP session on backend '{Backend}' before its end; its request goes on, and the client may resume the stream.")]
        public static partial void StreamLeft(ILogger logger, string backend, int stream);

        [LoggerMessage(EventId = 2507, Level = LogLevel.Debug, Message = "A client resumed stream {Stream} of an MCP session on backend '{Backend}'.")]
        public static partial void StreamResumed(ILogger logger, string backend, int stream);

        [LoggerMessage(EventId = 2505, Level = LogLevel.Warning, Message = "A client read its answer too slowly: {Count} notification(s) for it were dropped, oldest first ({Limit} messages may wait per request).")]
        public static partial void NotificationsDropped(ILogger logger, int count, int limit);
    }
}
