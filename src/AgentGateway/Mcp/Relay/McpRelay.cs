using System.Text.Json.Nodes;
using AgentGateway.Mcp.Protocol;
using AgentGateway.Mcp.Sessions;
using AgentGateway.Mcp.Upstreams;
using AgentGateway.Telemetry;
using AgentGateway.Utilities;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Relay;

/// <summary>
/// Relays client messages of one session to its upstreams: fans list calls out and merges them, routes targeted
/// calls by name prefix, remaps ids, and answers <c>ping</c> itself. Every outcome is a JSON-RPC message; upstream
/// failures become JSON-RPC errors that keep the client's request id.
/// </summary>
internal sealed partial class McpRelay : IRawAnswerCallback
{
    private const int MaxPages = 100;
    private readonly IMcpUpstreamFactory _factory;
    private readonly ILogger<McpRelay> _logger;
    private readonly GatewayMetrics? _metrics;

    /// <param name="factory">Connects targets.</param>
    /// <param name="logger">Logs failures.</param>
    /// <param name="metrics">Counts client requests; null where nothing is measured (unit tests).</param>
    public McpRelay(IMcpUpstreamFactory factory, ILogger<McpRelay> logger, GatewayMetrics? metrics = null)
    {
        _factory = factory;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>Starts every target of the session and answers the client's <c>initialize</c>.</summary>
    public async Task<JsonRpcMessage> InitializeAsync(McpSession session, JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var parameters = request.Params as JsonObject ?? new JsonObject();
        var requested = McpNaming.JsonString(parameters, "protocolVersion");
        var upstreamVersion = McpProtocolVersions.IsSupported(requested) && !McpProtocolVersions.IsStateless(requested)
            ? requested!
            : McpProtocolVersions.LatestSessionful;
        var upstreamParams = (JsonObject)parameters.DeepClone();
        upstreamParams["protocolVersion"] = upstreamVersion;
        upstreamParams["capabilities"] ??= new JsonObject();
        upstreamParams["clientInfo"] ??= new JsonObject { ["name"] = "agentgateway", ["version"] = GatewayVersion.Value };

        var backend = session.Backend;
        var attempts = new Task<UpstreamConnection>[backend.Targets.Count];
        for (var i = 0; i < attempts.Length; i++)
        {
            attempts[i] = session.ConnectAsync(i, _factory, upstreamParams, cancellationToken);
        }

        try
        {
            await Task.WhenAll(attempts);
        }
        catch
        {
            // Inspected per task below.
        }

        var connected = new List<UpstreamConnection>(attempts.Length);
        var failures = new List<string>();
        foreach (var attempt in attempts)
        {
            if (attempt.IsCompletedSuccessfully)
            {
                connected.Add(attempt.Result);
            }
            else
            {
                var error = attempt.Exception?.InnerException;
                if (error is OperationCanceledException || attempt.IsCanceled)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                failures.Add(error?.Message ?? "cancelled");
            }
        }

        if (connected.Count == 0 || (failures.Count > 0 && !backend.FailOpen))
        {
            Log.InitializeFailed(_logger, backend.Key, string.Join("; ", failures));
            return JsonRpcErrors.Create(request.Id, McpErrorCodes.InternalError, string.Join("; ", failures));
        }

        foreach (var failure in failures)
        {
            Log.TargetLeftOut(_logger, backend.Key, failure);
        }

        JsonObject result;
        if (backend.Targets.Count == 1 && !backend.Prefixed)
        {
            result = (JsonObject)connected[0].InitializeResult!.DeepClone();
            if (!McpProtocolVersions.IsSupported(McpNaming.JsonString(result, "protocolVersion")))
            {
                result["protocolVersion"] = upstreamVersion;
            }
        }
        else
        {
            result = McpResultMerger.MergeInitialize(connected, upstreamVersion, GatewayVersion.Value);
        }

        session.ProtocolVersion = McpNaming.JsonString(result, "protocolVersion") ?? upstreamVersion;
        session.InitializeResult = result;
        return new JsonRpcResponse { Id = request.Id, Result = result.DeepClone() };
    }

    /// <summary>
    /// Handles a client request of an initialized session. Messages related to the request (progress, logs,
    /// server→client requests) are written to <paramref name="sink"/>; the returned message is the final answer.
    /// </summary>
    public Task<JsonRpcMessage> HandleRequestAsync(McpSession session, JsonRpcRequest request, IMcpMessageSink sink, CancellationToken cancellationToken) =>
        HandleRequestAsync(session, request, sink, access: null, limiter: null, cancellationToken);

    /// <summary>
    /// Handles a client request of an initialized session, showing and routing to only what <paramref name="access"/>
    /// allows (everything when it is null).
    /// </summary>
    public Task<JsonRpcMessage> HandleRequestAsync(
        McpSession session, JsonRpcRequest request, IMcpMessageSink sink, IMcpAccessPolicy? access, CancellationToken cancellationToken) =>
        HandleRequestAsync(session, request, sink, access, limiter: null, cancellationToken);

    /// <summary>
    /// Handles a client request of an initialized session, showing and routing to only what <paramref name="access"/>
    /// allows (everything when it is null), and routing a <c>tools/call</c> only when <paramref name="limiter"/> (if any)
    /// grants it a token.
    /// </summary>
    public async Task<JsonRpcMessage> HandleRequestAsync(
        McpSession session, JsonRpcRequest request, IMcpMessageSink sink, IMcpAccessPolicy? access, IMcpCallLimiter? limiter, CancellationToken cancellationToken)
    {
        using var activity = session.BeginActivity();

        // Read before dispatching (routing rewrites a prefixed name in place to the target's own name); only when counted.
        var measured = _metrics is { McpRequestsEnabled: true };
        var calledName = measured && request.Method == McpMethods.ToolsCall && request.Params is JsonObject p ? McpNaming.JsonString(p, "name") : null;
        JsonRpcMessage? answer = null;
        try
        {
            answer = await DispatchAsync(session, request, sink, access, limiter, cancellationToken);
            return answer;
        }
        catch (McpUpstreamException ex)
        {
            answer = FailureAnswer(request.Id, request.Method, ex);
            return answer;
        }
        finally
        {
            if (measured)
            {
                RecordRequest(_metrics!, session, request, calledName, answer);
            }
        }
    }

    /// <summary>
    /// Whether sessions of <paramref name="backend"/> may relay requests as bytes (<see cref="RelayRaw"/>): one stdio target,
    /// no prefixing, no tracing; the relay then changes nothing but the id. Which requests may go so:
    /// <see cref="CanRelayAsBytes"/>; the connection must take bytes too (<see cref="UpstreamConnection.AcceptsRawRequests"/>).
    /// </summary>
    /// <remarks>Only stdio targets: HTTP targets go through the MCP SDK's transports, which take parsed messages.</remarks>
    public static bool RelaysAsBytes(McpBackendModel backend, bool tracing) =>
        backend.Targets.Count == 1 && !backend.Prefixed && !tracing && backend.Targets[0] is { Stdio: not null };

    /// <summary>
    /// Whether <paramref name="request"/> may be relayed as bytes: anything the relay does not answer itself when nothing
    /// is checked per call; with access rules or call limits, only calls of one named tool, prompt or resource, which are
    /// checked by name first (lists are filtered, so they are parsed).
    /// </summary>
    public static bool CanRelayAsBytes(RawJsonRpcRequest request, IMcpAccessPolicy? access, IMcpCallLimiter? limiter) =>
        !AnswersLocally(request.Method) && ((access is null && limiter is null) || NamedItem(request) is not null);

    /// <summary>Whether the relay answers <paramref name="method"/> itself, so it cannot be relayed as bytes.</summary>
    public static bool AnswersLocally(string method) => method is McpMethods.Initialize or McpMethods.Ping;

    /// <summary>The tool, prompt or resource a request calls by name, or null when it calls none (or names none).</summary>
    private static (McpListKind Kind, string Name, string Noun)? NamedItem(RawJsonRpcRequest request) => request.Method switch
    {
        McpMethods.ToolsCall when request.Name is { } name => (McpListKind.Tools, name, "tool"),
        McpMethods.PromptsGet when request.Name is { } name => (McpListKind.Prompts, name, "prompt"),
        McpMethods.ResourcesRead or McpMethods.ResourcesSubscribe or McpMethods.ResourcesUnsubscribe when request.Uri is { } uri
            => (McpListKind.Resources, uri, "resource"),
        _ => null,
    };

    /// <summary>
    /// Relays a client request as its bytes (<see cref="RelaysAsBytes"/>, <see cref="CanRelayAsBytes"/>), with only the id
    /// replaced, and returns: <paramref name="stream"/> ends with the answer, the upstream's bytes when it could take them
    /// as they are, else a parsed message. A call the access rules refuse is answered as a call of an unknown name, one
    /// over a limit with a rate-limit error, and failures become JSON-RPC errors with the client's id, as on the parsed
    /// path. Nothing waits in between: the connection calls back (<see cref="IRawAnswerCallback"/>) when it is settled.
    /// </summary>
    public void RelayRaw(
        McpSession session, UpstreamConnection connection, RawJsonRpcRequest request, RequestStream stream, IMcpAccessPolicy? access, IMcpCallLimiter? limiter,
        CancellationToken cancellationToken)
    {
        if ((access is not null || limiter is not null) && Refusal(session, connection, request, access, limiter) is { } refusal)
        {
            FinishRaw(connection, request, stream, new UpstreamAnswer(refusal));
            return;
        }

        session.BeginActivity();
        try
        {
            connection.StartRawRequest(request, stream, session.Backend.Options.RequestTimeout, this, session, cancellationToken);
        }
        catch (Exception ex)
        {
            // Not sent (the target is gone): the callback will not come.
            session.EndActivity();
            FinishRaw(connection, request, stream, new UpstreamAnswer(FailureAnswer(request.Id, request.Method, ex)));
        }
    }

    /// <inheritdoc />
    void IRawAnswerCallback.OnRawAnswer(UpstreamConnection connection, PendingUpstreamRequest pending, UpstreamAnswer answer, Exception? error)
    {
        ((McpSession)pending.CallbackState!).EndActivity();
        var request = pending.Raw!;
        FinishRaw(connection, request, (RequestStream)pending.Sink!, error is null ? answer : new UpstreamAnswer(FailureAnswer(request.Id, request.Method, error)));
    }

    /// <summary>
    /// The JSON-RPC error a client request ends with when relaying it failed, on either path: the target's failure (closed,
    /// timed out; logged, its message given), a cancellation, or anything else (logged as unexpected, no detail given).
    /// </summary>
    public JsonRpcError FailureAnswer(RequestId id, string method, Exception error)
    {
        switch (error)
        {
            case McpUpstreamException ex:
                Log.UpstreamRequestFailed(_logger, ex.Target, method, ex.Error, ex.Message);
                return JsonRpcErrors.Create(id, McpErrorCodes.InternalError, ex.Message);
            case OperationCanceledException:
                return JsonRpcErrors.Create(id, McpErrorCodes.InternalError, "request cancelled");
            default:
                Log.RequestFailed(_logger, method, error);
                return JsonRpcErrors.Create(id, McpErrorCodes.InternalError, "internal error");
        }
    }

    /// <summary>Counts a request relayed as bytes and ends its stream with <paramref name="answer"/>.</summary>
    private void FinishRaw(UpstreamConnection connection, RawJsonRpcRequest request, RequestStream stream, UpstreamAnswer answer)
    {
        if (_metrics is { McpRequestsEnabled: true } metrics)
        {
            var tool = request.Method == McpMethods.ToolsCall && answer.IsResult ? request.Name : null;
            metrics.RecordMcpRequest(McpMethods.MetricLabel(request.Method), connection.Target, tool);
        }

        if (answer.Raw is { } raw)
        {
            stream.Complete(raw);
        }
        else
        {
            stream.Complete(WithClientId(answer.Message!, request.Id, connection.Target));
        }
    }

    /// <summary>
    /// The answer to a named call the access rules or the call limits refuse (as <see cref="NamedCallAsync"/> gives it),
    /// or null when it may go.
    /// </summary>
    private JsonRpcError? Refusal(McpSession session, UpstreamConnection connection, RawJsonRpcRequest request, IMcpAccessPolicy? access, IMcpCallLimiter? limiter)
    {
        var (kind, name, noun) = NamedItem(request)!.Value;
        if (access is not null && !IsAllowed(session, access, kind, connection.Target, name))
        {
            return UnknownItem(request.Id, noun, name);
        }

        // Only once the access rules allowed it (the limiter decides which kinds it limits), as on the parsed path.
        return limiter is not null && !limiter.TryAcquire(kind.ItemKind, connection.Target, name, out var retryAfter)
            ? RateLimited(request.Id, noun, name, retryAfter)
            : null;
    }

    /// <summary>The answer to a call of a name the caller cannot see or that does not exist (the same for both: nothing leaks).</summary>
    private static JsonRpcError UnknownItem(RequestId id, string noun, string name) =>
        JsonRpcErrors.Create(id, McpErrorCodes.InvalidParams, $"Unknown {noun}: {name}");

    /// <summary>The answer to a call over a rate limit, with <c>data.retryAfter</c> in seconds.</summary>
    private static JsonRpcError RateLimited(RequestId id, string noun, string name, long retryAfter) =>
        JsonRpcErrors.Create(id, McpErrorCodes.RateLimited,
            $"Rate limit exceeded for {noun} '{name}'; retry after {retryAfter} s", new JsonObject { ["retryAfter"] = retryAfter });

    /// <summary>An upstream's answer under the client's id (results and errors kept as they are).</summary>
    private static JsonRpcMessage WithClientId(JsonRpcMessage answer, RequestId id, string target) => answer switch
    {
        JsonRpcResponse response => new JsonRpcResponse { Id = id, Result = response.Result },
        JsonRpcError error => new JsonRpcError { Id = id, Error = error.Error },
        _ => JsonRpcErrors.Create(id, McpErrorCodes.InternalError, $"MCP target '{target}' sent an invalid answer"),
    };

    /// <summary>
    /// Counts a client request with its target when one target served it, and for a <c>tools/call</c> that target
    /// answered, the tool's name at the target: a name the relay resolved and the target ran, never a name that only
    /// the client made up (those get an error and no tool label).
    /// </summary>
    private static void RecordRequest(GatewayMetrics metrics, McpSession session, JsonRpcRequest request, string? calledName, JsonRpcMessage? answer)
    {
        var backend = session.Backend;
        var method = McpMethods.MetricLabel(request.Method);
        string target;
        if (!backend.IsMultiplexed)
        {
            target = backend.Targets[0].Name;
        }
        else if (calledName is not null && backend.Prefixed)
        {
            target = PrefixTarget(session, calledName) ?? "";
        }
        else if (calledName is not null && session.NameOwners.TryGetValue(McpListKind.Tools.OwnerPrefix + calledName, out var index))
        {
            target = backend.Targets[index].Name;
        }
        else
        {
            target = "";
        }

        string? tool = null;
        if (calledName is not null && target.Length > 0 && answer is JsonRpcResponse && request.Params is JsonObject p)
        {
            tool = McpNaming.JsonString(p, "name");
        }

        metrics.RecordMcpRequest(method, target, tool);
    }

    /// <summary>Asks the access policy, and counts a refusal as a denial of the route's <c>mcpAuthorization</c> rules.</summary>
    private bool IsAllowed(McpSession session, IMcpAccessPolicy access, McpListKind kind, string target, string name)
    {
        if (access.Allows(kind.ItemKind, target, name))
        {
            return true;
        }

        // The backend's key is its route's key; the access policy is the route's mcpAuthorization (IMcpAccessPolicy).
        _metrics?.RecordAuthorizationDenied(session.Backend.Key, "mcpAuthorization");
        return false;
    }

    /// <summary>The target named by the prefix of <paramref name="name"/> (<c>target_tool</c>), without cutting the string.</summary>
    private static string? PrefixTarget(McpSession session, string name)
    {
        var separator = name.IndexOf(McpNaming.NameSeparator, StringComparison.Ordinal);
        if (separator <= 0)
        {
            return null;
        }

        foreach (var target in session.Backend.Targets)
        {
            if (name.AsSpan(0, separator).SequenceEqual(target.Name))
            {
                return target.Name;
            }
        }

        return null;
    }

    private Task<JsonRpcMessage> DispatchAsync(
        McpSession session, JsonRpcRequest request, IMcpMessageSink sink, IMcpAccessPolicy? access, IMcpCallLimiter? limiter, CancellationToken cancellationToken)
    {
        var backend = session.Backend;
        switch (request.Method)
        {
            case McpMethods.Initialize:
                return Task.FromResult<JsonRpcMessage>(JsonRpcErrors.Create(request.Id, McpErrorCodes.InvalidRequest, "the session is already initialized"));
            case McpMethods.Ping:
                return Task.FromResult<JsonRpcMessage>(new JsonRpcResponse { Id = request.Id, Result = new JsonObject() });
        }

        // One target, no prefixing, no access rules and no limits per call: the gateway is a transparent relay (ids
        // remapped, and with tracing the trace context in _meta; nothing else touched).
        if (!backend.IsMultiplexed && !backend.Prefixed && access is null && limiter is null)
        {
            var only = session.Connections[0];
            return only is null
                ? Task.FromResult<JsonRpcMessage>(JsonRpcErrors.Create(request.Id, McpErrorCodes.InternalError, "no MCP target is available"))
                : ForwardAsync(session, only, request, request.Params, sink, cancellationToken);
        }

        return request.Method switch
        {
            McpMethods.ToolsList => ListAsync(session, request, McpListKind.Tools, sink, access, cancellationToken),
            McpMethods.PromptsList => ListAsync(session, request, McpListKind.Prompts, sink, access, cancellationToken),
            McpMethods.ResourcesList => ListAsync(session, request, McpListKind.Resources, sink, access, cancellationToken),
            McpMethods.ResourcesTemplatesList => ListAsync(session, request, McpListKind.ResourceTemplates, sink, access, cancellationToken),
            McpMethods.ToolsCall => NamedCallAsync(session, request, McpListKind.Tools, "name", "tool", sink, access, limiter, cancellationToken),
            McpMethods.PromptsGet => NamedCallAsync(session, request, McpListKind.Prompts, "name", "prompt", sink, access, null, cancellationToken),
            McpMethods.ResourcesRead or McpMethods.ResourcesSubscribe or McpMethods.ResourcesUnsubscribe
                => NamedCallAsync(session, request, McpListKind.Resources, "uri", "resource", sink, access, null, cancellationToken),
            McpMethods.CompletionComplete => CompleteAsync(session, request, sink, access, cancellationToken),
            McpMethods.LoggingSetLevel => BroadcastAsync(session, request, "logging", cancellationToken),
            _ when !backend.IsMultiplexed && session.Connections[0] is { } only => ForwardAsync(session, only, request, request.Params, sink, cancellationToken),
            _ => Task.FromResult<JsonRpcMessage>(JsonRpcErrors.Create(request.Id, McpErrorCodes.MethodNotFound,
                $"Method not found: {request.Method} (not routable across several MCP targets)")),
        };
    }

    private async Task<JsonRpcMessage> ForwardAsync(
        McpSession session, UpstreamConnection connection, JsonRpcRequest request, JsonNode? parameters, IMcpMessageSink sink, CancellationToken cancellationToken)
    {
        JsonRpcMessage answer;
        try
        {
            answer = await connection.SendRequestAsync(request.Method, parameters, request.Id, sink, session.Backend.Options.RequestTimeout, cancellationToken);
        }
        catch (McpUpstreamException ex) when (!ex.RequestMayHaveRun && IsHttpTarget(session, connection) && !session.IsDisposed)
        {
            // The HTTP server lost our upstream session before running the request: re-initialize it and retry once.
            connection = await session.ReconnectAsync(connection, _factory, cancellationToken);
            answer = await connection.SendRequestAsync(request.Method, parameters, request.Id, sink, session.Backend.Options.RequestTimeout, cancellationToken);
        }

        return WithClientId(answer, request.Id, connection.Target);
    }

    private static bool IsHttpTarget(McpSession session, UpstreamConnection connection) =>
        session.Backend.Targets[connection.Index] is { Mcp: not null } or { Sse: not null };

    /// <summary>Fans a list call out to every target offering the capability and merges the items.</summary>
    private async Task<JsonRpcMessage> ListAsync(
        McpSession session, JsonRpcRequest request, McpListKind kind, IMcpMessageSink sink, IMcpAccessPolicy? access, CancellationToken cancellationToken)
    {
        var connections = ConnectionsWith(session, kind.Capability);
        var fetches = new Task<List<JsonNode>>[connections.Count];
        for (var i = 0; i < connections.Count; i++)
        {
            fetches[i] = FetchAllPagesAsync(session, connections[i], request, kind, sink, cancellationToken);
        }

        try
        {
            await Task.WhenAll(fetches);
        }
        catch
        {
            // Inspected per task below.
        }

        var items = new JsonArray();
        for (var i = 0; i < fetches.Length; i++)
        {
            var connection = connections[i];
            if (!fetches[i].IsCompletedSuccessfully)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var message = fetches[i].Exception?.InnerException?.Message ?? "failed";
                if (!session.Backend.FailOpen)
                {
                    return JsonRpcErrors.Create(request.Id, McpErrorCodes.InternalError, message);
                }

                Log.TargetLeftOut(_logger, session.Backend.Key, message);
                continue;
            }

            foreach (var item in fetches[i].Result)
            {
                if (item is JsonObject obj && McpNaming.JsonString(obj, kind.NameProperty) is { } name)
                {
                    if (access is not null && !access.Allows(kind.ItemKind, connection.Target, name))
                    {
                        continue;
                    }

                    if (session.Backend.Prefixed)
                    {
                        obj[kind.NameProperty] = kind.IsUri ? McpNaming.PrefixUri(connection.Target, name) : McpNaming.PrefixName(connection.Target, name);
                    }
                    else
                    {
                        session.NameOwners[kind.OwnerPrefix + name] = connection.Index;
                    }
                }

                else if (access is not null)
                {
                    // Nothing to decide on: not shown to a caller under access rules.
                    continue;
                }

                items.Add(item);
            }
        }

        return new JsonRpcResponse { Id = request.Id, Result = new JsonObject { [kind.ResultProperty] = items } };
    }

    private static async Task<List<JsonNode>> FetchAllPagesAsync(
        McpSession session, UpstreamConnection connection, JsonRpcRequest request, McpListKind kind, IMcpMessageSink sink, CancellationToken cancellationToken)
    {
        var items = new List<JsonNode>();
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var parameters = request.Params?.DeepClone() as JsonObject ?? new JsonObject();
            parameters.Remove("cursor");
            if (cursor is not null)
            {
                parameters["cursor"] = cursor;
            }

            var answer = await connection.SendRequestAsync(kind.Method, parameters, request.Id, sink, session.Backend.Options.RequestTimeout, cancellationToken);
            if (answer is JsonRpcError error)
            {
                throw new McpUpstreamException(connection.Target, McpUpstreamError.SendFailed, $"MCP target '{connection.Target}' failed {kind.Method}: {error.Error.Message}");
            }

            var result = (answer as JsonRpcResponse)?.Result as JsonObject;
            if (result?[kind.ResultProperty] is JsonArray array)
            {
                foreach (var item in array.ToArray())
                {
                    array.Remove(item);
                    if (item is not null)
                    {
                        items.Add(item);
                    }
                }
            }

            cursor = result is null ? null : McpNaming.JsonString(result, "nextCursor");
            if (cursor is null)
            {
                break;
            }
        }

        return items;
    }

    /// <summary>Routes a call naming one tool, prompt or resource to the target that owns it.</summary>
    private async Task<JsonRpcMessage> NamedCallAsync(
        McpSession session, JsonRpcRequest request, McpListKind kind, string property, string noun, IMcpMessageSink sink,
        IMcpAccessPolicy? access, IMcpCallLimiter? limiter, CancellationToken cancellationToken)
    {
        if (request.Params is not JsonObject parameters || McpNaming.JsonString(parameters, property) is not { } name)
        {
            return JsonRpcErrors.Create(request.Id, McpErrorCodes.InvalidParams, $"missing '{property}'");
        }

        var (connection, upstreamName) = await ResolveAsync(session, request, kind, name, sink, cancellationToken);
        if (connection is null || (access is not null && !IsAllowed(session, access, kind, connection.Target, upstreamName)))
        {
            return UnknownItem(request.Id, noun, name);
        }

        // After the access check: a call the caller may not make is answered as unknown, whatever the limits.
        if (limiter is not null && !limiter.TryAcquire(kind.ItemKind, connection.Target, upstreamName, out var retryAfter))
        {
            return RateLimited(request.Id, noun, name, retryAfter);
        }

        // The params were parsed for this request alone: rewrite the name in place.
        parameters[property] = upstreamName;
        var answer = await ForwardAsync(session, connection, request, parameters, sink, cancellationToken);
        if (kind.IsUri && session.Backend.Prefixed && answer is JsonRpcResponse { Result: JsonObject result } && result["contents"] is JsonArray contents)
        {
            foreach (var content in contents)
            {
                if (content is JsonObject c && McpNaming.JsonString(c, "uri") is { } uri)
                {
                    c["uri"] = McpNaming.PrefixUri(connection.Target, uri);
                }
            }
        }

        return answer;
    }

    /// <summary>Finds the target owning a client-visible name, and the name the target knows it by.</summary>
    private async Task<(UpstreamConnection? Connection, string UpstreamName)> ResolveAsync(
        McpSession session, JsonRpcRequest request, McpListKind kind, string name, IMcpMessageSink sink, CancellationToken cancellationToken)
    {
        if (session.Backend.Prefixed)
        {
            var separator = kind.IsUri ? McpNaming.UriSeparator : McpNaming.NameSeparator;
            return McpNaming.TrySplit(name, separator, out var target, out var rest) && session.FindConnection(target) is { } c
                ? (c, rest)
                : (null, name);
        }

        // prefixMode: never — look the name up in the targets' lists (refreshing once if unknown).
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (session.NameOwners.TryGetValue(kind.OwnerPrefix + name, out var index) && session.Connections[index] is { } owner)
            {
                return (owner, name);
            }

            if (attempt == 0)
            {
                var listRequest = new JsonRpcRequest { Id = request.Id, Method = kind.Method };
                await ListAsync(session, listRequest, kind, sink, access: null, cancellationToken);
                if (kind == McpListKind.Resources)
                {
                    await ListAsync(session, new JsonRpcRequest { Id = request.Id, Method = McpListKind.ResourceTemplates.Method }, McpListKind.ResourceTemplates, sink, access: null, cancellationToken);
                }
            }
        }

        // One target: a name it did not list (a resource read through a template) is still its own.
        return !session.Backend.IsMultiplexed && session.Connections[0] is { } single ? (single, name) : (null, name);
    }

    /// <summary>Routes <c>completion/complete</c> by its prompt or resource reference.</summary>
    private async Task<JsonRpcMessage> CompleteAsync(
        McpSession session, JsonRpcRequest request, IMcpMessageSink sink, IMcpAccessPolicy? access, CancellationToken cancellationToken)
    {
        if (request.Params is not JsonObject parameters || parameters["ref"] is not JsonObject reference)
        {
            return JsonRpcErrors.Create(request.Id, McpErrorCodes.InvalidParams, "missing 'ref'");
        }

        var isPrompt = McpNaming.JsonString(reference, "type") == "ref/prompt";
        var property = isPrompt ? "name" : "uri";
        var kind = isPrompt ? McpListKind.Prompts : McpListKind.ResourceTemplates;
        if (McpNaming.JsonString(reference, property) is not { } name)
        {
            return JsonRpcErrors.Create(request.Id, McpErrorCodes.InvalidParams, $"missing 'ref.{property}'");
        }

        var (connection, upstreamName) = await ResolveAsync(session, request, kind, name, sink, cancellationToken);
        if (connection is null || (access is not null && !IsAllowed(session, access, kind, connection.Target, upstreamName)))
        {
            return JsonRpcErrors.Create(request.Id, McpErrorCodes.InvalidParams, $"Unknown {(isPrompt ? "prompt" : "resource")}: {name}");
        }

        reference[property] = upstreamName;
        return await ForwardAsync(session, connection, request, parameters, sink, cancellationToken);
    }

    /// <summary>Sends a request to every target offering a capability; answers with an empty result.</summary>
    private static async Task<JsonRpcMessage> BroadcastAsync(McpSession session, JsonRpcRequest request, string capability, CancellationToken cancellationToken)
    {
        var connections = ConnectionsWith(session, capability);

        // One copy per target: the sends run concurrently, and a JsonNode is not safe to read from several threads.
        var sends = connections.Select(c => c.SendRequestAsync(request.Method, request.Params?.DeepClone(), request.Id, null, session.Backend.Options.RequestTimeout, cancellationToken));
        var answers = await Task.WhenAll(sends);
        foreach (var answer in answers)
        {
            if (answer is JsonRpcError error)
            {
                return new JsonRpcError { Id = request.Id, Error = error.Error };
            }
        }

        return new JsonRpcResponse { Id = request.Id, Result = new JsonObject() };
    }

    private static List<UpstreamConnection> ConnectionsWith(McpSession session, string capability)
    {
        var list = new List<UpstreamConnection>();
        foreach (var c in session.Connections)
        {
            if (c is not null && c.InitializeResult?["capabilities"] is JsonObject caps && caps.ContainsKey(capability))
            {
                list.Add(c);
            }
        }

        return list;
    }

    /// <summary>Handles a client notification: cancellations go to the upstream running the request, others to every target.</summary>
    public async Task HandleNotificationAsync(McpSession session, JsonRpcNotification notification, CancellationToken cancellationToken)
    {
        switch (notification.Method)
        {
            case McpMethods.NotificationInitialized:
                // Each upstream was sent its own 'initialized' right after its initialize.
                return;
            case McpMethods.NotificationCancelled:
                if (notification.Params is JsonObject p && p["requestId"] is JsonValue idNode && ToRequestId(idNode) is { } id)
                {
                    var reason = McpNaming.JsonString(p, "reason");
                    foreach (var c in session.LiveConnections)
                    {
                        if (await c.TryCancelAsync(id, reason))
                        {
                            break;
                        }
                    }
                }

                return;
        }

        foreach (var c in session.LiveConnections)
        {
            try
            {
                await c.SendNotificationAsync(notification.Method, notification.Params, cancellationToken);
            }
            catch (McpUpstreamException ex)
            {
                Log.NotificationDropped(_logger, c.Target, notification.Method, ex.Message);
            }
        }
    }

    private static RequestId? ToRequestId(JsonValue node) =>
        node.TryGetValue<long>(out var l) ? new RequestId(l)
        : node.TryGetValue<string>(out var s) ? new RequestId(s)
        : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "MCP session on backend '{Backend}' could not start: {Reason}")]
        public static partial void InitializeFailed(ILogger logger, string backend, string reason);

        [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "MCP backend '{Backend}' (failOpen) serves without a target: {Reason}")]
        public static partial void TargetLeftOut(ILogger logger, string backend, string reason);

        [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "MCP target '{Target}' failed '{Method}' ({Error}): {Reason}")]
        public static partial void UpstreamRequestFailed(ILogger logger, string target, string method, McpUpstreamError error, string reason);

        [LoggerMessage(EventId = 2304, Level = LogLevel.Debug, Message = "Notification '{Method}' for MCP target '{Target}' was dropped: {Reason}")]
        public static partial void NotificationDropped(ILogger logger, string target, string method, string reason);

        [LoggerMessage(EventId = 2502, Level = LogLevel.Error, Message = "MCP request '{Method}' failed unexpectedly.")]
        public static partial void RequestFailed(ILogger logger, string method, Exception exception);
    }
}
