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

        if (!session.Outbound.TryAttach())
        {
            await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.StreamConflict, "Conflict: the session already has a GET stream", aborted);
            return;
        }

        try
        {
            await McpHttpResults.StartEventStreamAsync(context.Response, aborted);
            await PumpAsync(context.Response, session.Outbound, aborted);
        }
        finally
        {
            session.Outbound.Detach();
        }
    }

    /// <summary>
    /// Copies a session's outbound messages to an SSE response, with keep-alives, until the session's messages end, the
    /// client goes (<paramref name="aborted"/>) or the gateway begins to stop. A server→client stream has no end of its
    /// own: held open, it would keep a graceful shutdown waiting for its whole timeout and then be reset. Ended cleanly
    /// instead, its client reconnects (elsewhere, behind a load balancer) while the requests in flight finish.
    /// </summary>
    private async Task PumpAsync(HttpResponse response, OutboundStream outbound, CancellationToken aborted)
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
                    await McpHttpResults.WriteEventAsync(response, message, cancellationToken);
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
