using System.Text;
using System.Text.Json.Nodes;
using AgentGateway.Mcp.Protocol;
using AgentGateway.Mcp.Sessions;
using AgentGateway.Utilities;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Endpoints;

/// <summary>
/// Requests served without a session: every request on a <c>statefulMode: stateless</c> backend, and every request
/// of a 2026-07-28 client. Each is served by upstreams initialized for session-less use, taken from
/// <see cref="McpStatelessSessionPool"/> (started on first use and kept warm), one request at a time.
/// </summary>
internal sealed partial class McpStreamableHttpHandler
{
    private const string MetaPrefix = "io.modelcontextprotocol/";

    private async Task HandleEphemeralAsync(
        HttpContext context, McpBackendModel backend, IReadOnlyList<JsonRpcMessage> messages, JsonRpcRequest? initialize, bool modern, bool isBatch)
    {
        var aborted = context.RequestAborted;
        var requests = messages.OfType<JsonRpcRequest>().ToList();
        if (requests.Count == 0)
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        var mcp = McpRequestFeature.Find(context);
        var init = initialize ?? SyntheticInitialize(requests[0]);
        var initParams = (JsonObject)init.Params!;
        // Warm upstreams are reused only by the same caller: an upstream's state (its session, its subscriptions, the
        // credentials it was opened with) never passes from one caller to another.
        var key = string.Join('\n', backend.Key, modern ? McpProtocolVersions.V2026_07_28 : McpNaming.JsonString(initParams, "protocolVersion"),
            initParams["capabilities"]?.ToJsonString(), CallerOf(mcp));

        var session = await _pool.RentAsync(key);
        if (session is null)
        {
            session = await NewSessionAsync(context, backend, mcp, acceptsServerRequests: false);
            if (session is null)
            {
                return;
            }

            JsonRpcMessage initAnswer;
            try
            {
                initAnswer = await _relay.InitializeAsync(session, init, aborted);
            }
            catch
            {
                // The client went away while the upstreams started: they end with the session, nobody else will.
                await session.DisposeAsync();
                throw;
            }

            if (initAnswer is JsonRpcError error)
            {
                await session.DisposeAsync();
                await McpHttpResults.WriteJsonAsync(context.Response, Rebind(error, requests[0].Id), aborted);
                return;
            }

            if (modern)
            {
                session.ProtocolVersion = McpProtocolVersions.V2026_07_28;
            }
        }

        UpdateCredential(mcp, session);
        var released = false;
        try
        {
            await AnswerEphemeralAsync(context, session, requests, initialize, isBatch, ReleaseAsync);
        }
        finally
        {
            await ReleaseAsync();
        }

        // Gives the upstreams back as soon as the answer is in hand, before it is written: a client may send its next
        // request the moment it has read this answer, and that one must find them idle (a caller at its session limit
        // would otherwise be refused for a place this request no longer uses).
        async Task ReleaseAsync()
        {
            if (released)
            {
                return;
            }

            released = true;
            // A session still working (the client went away mid-request) is not handed to another request.
            if (session.IsBusy)
            {
                await session.DisposeAsync();
            }
            else
            {
                await _pool.ReturnAsync(key, session);
            }
        }
    }

    /// <summary>Answers session-less requests; <paramref name="release"/> runs once every answer is in hand, before any is written.</summary>
    private async Task AnswerEphemeralAsync(
        HttpContext context, McpSession session, List<JsonRpcRequest> requests, JsonRpcRequest? initialize, bool isBatch, Func<Task> release)
    {
        var aborted = context.RequestAborted;
        if (initialize is not null)
        {
            RecordLocalRequest(session.Backend, McpMethods.Initialize);
            var answer = new JsonRpcResponse { Id = initialize.Id, Result = session.InitializeResult!.DeepClone() };
            await release();
            await McpHttpResults.WriteJsonAsync(context.Response, answer, aborted);
            return;
        }

        if (!isBatch)
        {
            var request = requests[0];
            if (request.Method == McpMethods.ServerDiscover)
            {
                RecordLocalRequest(session.Backend, McpMethods.ServerDiscover);
                var discovered = Discover(request, session);
                await release();
                await McpHttpResults.WriteJsonAsync(context.Response, discovered, aborted);
                return;
            }

            await StreamAnswerAsync(context, session, request, release);
            return;
        }

        var mcp = McpRequestFeature.Find(context);
        var finals = await Task.WhenAll(requests.Select(r => _relay.HandleRequestAsync(session, r, session.Outbound, mcp?.Access, mcp?.Limiter, aborted)));
        await release();
        await McpHttpResults.WriteJsonArrayAsync(context.Response, finals, aborted);
    }

    /// <summary>An <c>initialize</c> for the upstreams of a session-less request, from its 2026-07-28 <c>_meta</c> when present.</summary>
    private static JsonRpcRequest SyntheticInitialize(JsonRpcRequest request)
    {
        var meta = (request.Params as JsonObject)?["_meta"] as JsonObject;
        return new JsonRpcRequest
        {
            Id = new RequestId("agw-init"),
            Method = McpMethods.Initialize,
            Params = new JsonObject
            {
                ["protocolVersion"] = McpProtocolVersions.LatestSessionful,
                ["capabilities"] = meta?[MetaPrefix + "clientCapabilities"]?.DeepClone() ?? new JsonObject(),
                ["clientInfo"] = meta?[MetaPrefix + "clientInfo"]?.DeepClone()
                    ?? new JsonObject { ["name"] = "agentgateway", ["version"] = GatewayVersion.Value },
            },
        };
    }

    private static JsonRpcMessage Rebind(JsonRpcMessage answer, RequestId id) => answer switch
    {
        JsonRpcError e => new JsonRpcError { Id = id, Error = e.Error },
        JsonRpcResponse r => new JsonRpcResponse { Id = id, Result = r.Result },
        _ => answer,
    };

    /// <summary>The 2026-07-28 <c>server/discover</c> answer, from the merged initialize result.</summary>
    private static JsonRpcResponse Discover(JsonRpcRequest request, McpSession session)
    {
        var init = session.InitializeResult!;
        var result = new JsonObject
        {
            ["supportedVersions"] = new JsonArray(McpProtocolVersions.V2026_07_28),
            ["capabilities"] = init["capabilities"]?.DeepClone() ?? new JsonObject(),
            ["ttlMs"] = 0,
            ["cacheScope"] = "private",
            ["_meta"] = new JsonObject { [MetaPrefix + "serverInfo"] = init["serverInfo"]?.DeepClone() },
        };
        if (init["instructions"] is { } instructions)
        {
            result["instructions"] = instructions.DeepClone();
        }

        return new JsonRpcResponse { Id = request.Id, Result = result };
    }

    /// <summary>
    /// 2026-07-28 routing headers: <c>Mcp-Method</c> (and <c>Mcp-Name</c> for calls naming a tool, prompt or resource)
    /// must agree with the body, so that a policy reading the cheap header cannot be fooled by the body.
    /// </summary>
    private static async Task<bool> CheckRoutingHeadersAsync(HttpContext context, JsonRpcMessage message)
    {
        var headers = context.Request.Headers;
        string? method = message switch
        {
            JsonRpcRequest r => r.Method,
            JsonRpcNotification n => n.Method,
            _ => null,
        };
        var headerMethod = headers[McpHeaders.Method].ToString();
        if (method is not null && headerMethod.Length > 0 && !string.Equals(headerMethod, method, StringComparison.Ordinal))
        {
            await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.HeaderMismatch, "Header mismatch: Mcp-Method does not match the body", context.RequestAborted);
            return false;
        }

        var headerName = headers[McpHeaders.Name].ToString();
        if (headerName.Length > 0 && message is JsonRpcRequest { Params: JsonObject p } request)
        {
            var property = request.Method == McpMethods.ResourcesRead ? "uri" : "name";
            var bodyName = McpNaming.JsonString(p, property);
            if (bodyName is not null && !string.Equals(DecodeHeaderValue(headerName), bodyName, StringComparison.Ordinal))
            {
                await McpHttpResults.WriteErrorAsync(context.Response, McpHttpError.HeaderMismatch, "Header mismatch: Mcp-Name does not match the body", context.RequestAborted);
                return false;
            }
        }

        return true;
    }

    /// <summary>Decodes the <c>=?base64?…?=</c> sentinel used for values that are not header-safe.</summary>
    private static string DecodeHeaderValue(string value)
    {
        const string Prefix = "=?base64?";
        const string Suffix = "?=";
        if (value.StartsWith(Prefix, StringComparison.Ordinal) && value.EndsWith(Suffix, StringComparison.Ordinal) && value.Length > Prefix.Length + Suffix.Length)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(value[Prefix.Length..^Suffix.Length]));
            }
            catch (FormatException)
            {
                return value;
            }
        }

        return value;
    }
}
