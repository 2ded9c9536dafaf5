using AgentGateway.Mcp.Protocol;
using AgentGateway.Mcp.Sessions;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Endpoints;

/// <summary>GET (server→client stream) and DELETE (end session).</summary>
internal sealed partial class McpStreamableHttpHandler
{
    private async Task HandleGetAsync(HttpContext context, McpBackendModel backend)
    {
        var aborted = context.RequestAborted;
        if (!backend.Stateful || McpProtocolVersions.IsStateless(context.Request.Headers[McpHeaders.ProtocolVersion].ToString()))
        {
            await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.MethodNotAllowed, "Method not allowed: this endpoint is stateless", aborted);
            return;
        }

        if (!Accepts(context.Request, McpHttpResults.EventStreamContentType))
        {
            await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.NotAcceptable, "Not Acceptable: Accept must list text/event-stream", aborted);
            return;
        }

        var session = await FindSessionAsync(context, backend, McpRequestFeature.Find(context));
        if (session is null)
        {
            return;
        }

        if (session.Streams is not { } streams)
        {
            // Only a session-less request's throwaway session has none, and those are never found by id.
            await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.MethodNotAllowed, "Method not allowed: this session has no streams", aborted);
            return;
        }

        var lastEventId = context.Request.Headers[McpHeaders.LastEventId].ToString();
        if (lastEventId.Length > 0)
        {
            await ResumeAsync(context, session, streams, lastEventId);
            return;
        }

        if (streams.Get.TryListen() is not { } listener)
        {
            await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.StreamConflict, "Conflict: the session already has a GET stream", aborted);
            return;
        }

        await ServeGetStreamAsync(context, session, listener, after: -1);
    }

    /// <summary>
    /// A GET with <c>Last-Event-ID</c>: the client lost the connection of one of the session's streams and resumes it.
    /// It gets the events it missed, then the stream goes on (a POST's, until the request's answer). A connection still
    /// writing that stream is taken over: the client has left it, whether or not the gateway has noticed.
    /// </summary>
    private async Task ResumeAsync(HttpContext context, McpSession session, McpSessionStreams streams, string lastEventId)
    {
        var aborted = context.RequestAborted;
        if (!McpEventId.TryParse(lastEventId, out var number, out var sequence))
        {
            await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.InvalidRequest,
                "Bad Request: Last-Event-ID is not the id of an event this gateway sent", aborted);
            return;
        }

        if (streams.Find(number) is not { } stream || sequence > stream.LastSequence)
        {
            await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.InvalidRequest,
                $"Bad Request: the stream of Last-Event-ID is not kept any more (a stream is kept {session.Backend.Options.StreamRetention.TotalMinutes:0.#} min after its request ended), or never was",
                aborted);
            return;
        }

        ResumableStreamListener listener;
        try
        {
            listener = await stream.ListenAsync(aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return;
        }

        Log.StreamResumed(_logger, session.Backend.Key, number);
        if (number == 0)
        {
            await ServeGetStreamAsync(context, session, listener, sequence);
        }
        else
        {
            await WriteResumableAsync(context, session, stream, listener, sequence);
        }
    }

    /// <summary>
    /// Serves the session's GET stream to <paramref name="listener"/>: a new connection (<paramref name="after"/> -1)
    /// starts with a priming event for clients that expect one; a resumed one replays the kept events after event
    /// <paramref name="after"/>.
    /// </summary>
    private async Task ServeGetStreamAsync(HttpContext context, McpSession session, ResumableStreamListener listener, long after)
    {
        var aborted = context.RequestAborted;
        var log = session.Streams!.Get;
        using (listener)
        {
            if (!session.Outbound.TryAttach())
            {
                await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.StreamConflict, "Conflict: the session already has a GET stream", aborted);
                return;
            }

            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, listener.TakenOver);
                try
                {
                    await McpHttpResults.StartEventStreamAsync(context.Response, linked.Token);
                    if (after >= 0)
                    {
                        await McpHttpResults.WriteEventsAsync(context.Response, log.EventsAfter(after), linked.Token);
                    }
                    else if (McpProtocolVersions.PrimesStreams(session.ProtocolVersion))
                    {
                        await McpHttpResults.WritePrimingEventAsync(context.Response, 0, log.LastSequence, linked.Token);
                    }
                }
                catch (OperationCanceledException) when (linked.IsCancellationRequested)
                {
                    return;
                }

                await PumpAsync(context.Response, session.Outbound, linked.Token, log);
            }
            finally
            {
                session.Outbound.Detach();
            }
        }
    }

    /// <summary>
    /// Copies a session's outbound messages to an SSE response, with keep-alives, until the session's messages end, the
    /// client goes (<paramref name="aborted"/>) or the gateway begins to stop. A server→client stream has no end of its
    /// own: held open, it would keep a graceful shutdown waiting for its whole timeout and then be reset. Ended cleanly
    /// instead, its client reconnects (elsewhere, behind a load balancer) while the requests in flight finish.
    /// </summary>
    /// <remarks>
    /// With <paramref name="log"/> (the GET stream of a streamable HTTP session), each event carries an id and is kept for a
    /// client that resumes the stream; the legacy transport's events carry none.
    /// </remarks>
    private async Task PumpAsync(HttpResponse response, OutboundStream outbound, CancellationToken aborted, ResumableStream? log = null)
    {
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping);
        var cancellationToken = stream.Token;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(s_keepAliveInterval);
                bool more;
                try
                {
                    more = await outbound.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await McpHttpResults.WriteKeepAliveAsync(response, cancellationToken);
                    continue;
                }

                if (!more)
                {
                    return;
                }

                while (outbound.TryRead(out var message))
                {
                    if (log is null)
                    {
                        await McpHttpResults.WriteEventAsync(response, message, cancellationToken);
                        continue;
                    }

                    log.Add(sequence => McpHttpResults.FormatEvent(log.Number, sequence, message), out var sent);
                    await response.BodyWriter.WriteAsync(sent, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task HandleDeleteAsync(HttpContext context, McpBackendModel backend)
    {
        if (!backend.Stateful)
        {
            await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.MethodNotAllowed, "Method not allowed: this endpoint is stateless", context.RequestAborted);
            return;
        }

        var session = await FindSessionAsync(context, backend, McpRequestFeature.Find(context));
        if (session is null)
        {
            return;
        }

        if (_sessions.TryRemove(session.Id, out _))
        {
            await session.DisposeAsync();
            Log.SessionDeleted(_logger, backend.Key);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>
    /// The legacy HTTP+SSE transport (2024-11-05): <c>GET /sse</c> opens the stream and announces the POST endpoint;
    /// the stream is the session, and it ends when the connection closes.
    /// </summary>
    private async Task HandleLegacyStreamAsync(HttpContext context, McpBackendModel backend)
    {
        var aborted = context.RequestAborted;
        var mcp = McpRequestFeature.Find(context);
        if (await NewSessionAsync(context, backend, mcp) is not { } session)
        {
            return;
        }

        session.Outbound.TryAttach();
        _sessions.Add(session);
        try
        {
            await McpHttpResults.StartEventStreamAsync(context.Response, aborted);
            var endpoint = $"{context.Request.PathBase}{context.Request.Path}?sessionId={Uri.EscapeDataString(session.Id)}";
            await McpHttpResults.WriteRawEventAsync(context.Response, "endpoint", endpoint, aborted);
            await PumpAsync(context.Response, session.Outbound, aborted);
        }
        finally
        {
            if (_sessions.TryRemove(session.Id, out _))
            {
                await session.DisposeAsync();
            }
        }
    }

    /// <summary>A message for a legacy SSE session: accepted at once (202), answered on the stream.</summary>
    private async Task HandleLegacyPostAsync(HttpContext context, McpBackendModel backend)
    {
        var aborted = context.RequestAborted;
        var id = context.Request.Query["sessionId"].ToString();
        if (id.Length == 0)
        {
            await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.MissingSession, "Bad Request: sessionId query parameter is required", aborted);
            return;
        }

        var mcp = McpRequestFeature.Find(context);
        var session = FindOwnedSession(id, backend, mcp);
        if (session is null)
        {
            await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.SessionNotFound, "Session not found", aborted);
            return;
        }

        if (!IsJson(context.Request.ContentType))
        {
            await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.UnsupportedMediaType, "Unsupported Media Type: Content-Type must be application/json", aborted);
            return;
        }

        var body = await McpRequestBody.ReadAsync(context.Request, backend.Options.MaxRequestBodySize, aborted);
        if (body.Error is { } bodyError)
        {
            await McpHttpResults.WriteErrorAsync(context.Response, bodyError, body.ErrorMessage!, aborted);
            return;
        }

        // Taken before the POST completes: the context is not to be touched afterwards.
        var access = mcp?.Access;
        var limiter = mcp?.Limiter;
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.CompleteAsync();

        // The answers travel on the SSE stream, which outlives this POST.
        foreach (var message in body.Messages!)
        {
            switch (message)
            {
                case JsonRpcRequest { Method: McpMethods.Initialize } init:
                    RecordLocalRequest(backend, McpMethods.Initialize);
                    _ = Task.Run(async () => session.Outbound.TryWrite(await _relay.InitializeAsync(session, init, CancellationToken.None)), CancellationToken.None);
                    break;
                case JsonRpcRequest request:
                    _ = Task.Run(async () => session.Outbound.TryWrite(await _relay.HandleRequestAsync(session, request, session.Outbound, access, limiter, CancellationToken.None)), CancellationToken.None);
                    break;
                case JsonRpcNotification notification:
                    await _relay.HandleNotificationAsync(session, notification, CancellationToken.None);
                    break;
                case JsonRpcMessageWithId answer:
                    await session.RouteClientResponseAsync(answer, CancellationToken.None);
                    break;
            }
        }
    }
}
