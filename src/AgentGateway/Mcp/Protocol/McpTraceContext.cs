using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AgentGateway.Mcp.Protocol;

/// <summary>
/// W3C trace context in a JSON-RPC request's <c>params._meta</c> (<c>traceparent</c>, <c>tracestate</c>), the MCP convention
/// of SEP-414: the only way trace context reaches a stdio server, and sent to HTTP servers too (with the headers).
/// </summary>
internal static class McpTraceContext
{
    /// <summary>The <c>_meta</c> key of the W3C <c>traceparent</c>.</summary>
    public const string TraceParent = "traceparent";

    /// <summary>The <c>_meta</c> key of the W3C <c>tracestate</c>.</summary>
    public const string TraceState = "tracestate";

    /// <summary>
    /// The parameters to send with <paramref name="span"/> as the parent of what the server does: <c>_meta.traceparent</c>
    /// set to the span's id and <c>_meta.tracestate</c> to its state (removed when it has none). Parameters that are not an
    /// object (or whose <c>_meta</c> is not one) are returned as they are; null parameters become <c>{"_meta": {...}}</c>.
    /// </summary>
    /// <remarks>
    /// A <c>traceparent</c> the client put in <c>_meta</c> is replaced, not kept: the gateway's client span is the
    /// server's parent, and it is itself a descendant of the client's trace when the client sent the context in the
    /// HTTP headers. <c>baggage</c> is left as the client sent it. The object is changed in place: callers pass
    /// parameters that belong to this one request (parsed for it, or cloned).
    /// </remarks>
    public static JsonNode? Inject(JsonNode? parameters, Activity span)
    {
        ArgumentNullException.ThrowIfNull(span);
        var target = parameters switch
        {
            null => new JsonObject(),
            JsonObject o => o,
            _ => null,
        };
        if (target is null)
        {
            return parameters;
        }

        var meta = target["_meta"];
        if (meta is null)
        {
            meta = new JsonObject();
            target["_meta"] = meta;
        }
        else if (meta is not JsonObject)
        {
            return target;
        }

        var metaObject = (JsonObject)meta;
        metaObject[TraceParent] = span.Id;
        if (span.TraceStateString is { Length: > 0 } state)
        {
            metaObject[TraceState] = state;
        }
        else
        {
            metaObject.Remove(TraceState);
        }

        return target;
    }
}
