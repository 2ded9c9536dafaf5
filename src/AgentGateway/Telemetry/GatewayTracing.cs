using System.Diagnostics;
using AgentGateway.Utilities;

namespace AgentGateway.Telemetry;

/// <summary>
/// The gateway's one <see cref="ActivitySource"/> (<see cref="SourceName"/>) and the spans made from it: a server span per
/// data-plane request and a client span per request sent to an MCP target. The names of their attributes are here too.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Enabled"/> is true only when <c>config.tracing</c> is set. When it is false nothing here is called on the
/// hot path (callers check it first): no activity is created, nothing is parsed, and no message sent to a target is
/// touched. The flag, rather than <see cref="ActivitySource.HasListeners"/>, decides, because listeners are process-wide:
/// another listener on a source named <c>agentgateway</c> (a second gateway hosted in the same process, as in tests) must
/// not make this one rewrite the messages it relays.
/// </para>
/// <para>
/// Sampling is the OpenTelemetry SDK's (set up in <c>Hosting/GatewayTracingSetup</c>). A span that is not sampled still
/// exists, without attributes (<see cref="Activity.IsAllDataRequested"/> false), so that its trace id and "not sampled"
/// flag still reach the targets, as W3C trace context asks.
/// </para>
/// <para>
/// The server span is the gateway's own, not ASP.NET Core's <c>Microsoft.AspNetCore.Hosting.HttpRequestIn</c> activity:
/// that one covers the admin and stats ports too, is named after a framework source, and would make the exporter listen to
/// every ASP.NET Core application in the process. The parent is taken from the request's <c>traceparent</c> and
/// <c>tracestate</c> headers directly (ASP.NET Core's activity, when it exists, is not exported and must not be the parent).
/// </para>
/// </remarks>
internal sealed class GatewayTracing : IDisposable
{
    /// <summary>The activity source's name: what an exporter subscribes to (<c>AddSource</c>), also the instrumentation scope.</summary>
    public const string SourceName = "agentgateway";

    /// <summary>W3C <c>traceparent</c> (HTTP header and, per MCP SEP-414, key of <c>params._meta</c>).</summary>
    public const string TraceParent = "traceparent";

    /// <summary>W3C <c>tracestate</c> (HTTP header and key of <c>params._meta</c>).</summary>
    public const string TraceState = "tracestate";

    /// <summary>Span attribute names (OpenTelemetry semantic conventions where they have one; <c>agentgateway.*</c> otherwise).</summary>
    public static class Attributes
    {
        /// <summary>HTTP method of the request.</summary>
        public const string HttpRequestMethod = "http.request.method";

        /// <summary>HTTP status of the response.</summary>
        public const string HttpResponseStatusCode = "http.response.status_code";

        /// <summary>Path of the request URL (no query string: it may carry secrets).</summary>
        public const string UrlPath = "url.path";

        /// <summary><c>http</c> or <c>https</c>.</summary>
        public const string UrlScheme = "url.scheme";

        /// <summary><c>1.1</c>, <c>2</c>, ...</summary>
        public const string NetworkProtocolVersion = "network.protocol.version";

        /// <summary><c>tcp</c> for HTTP targets, <c>pipe</c> for stdio targets.</summary>
        public const string NetworkTransport = "network.transport";

        /// <summary>The route that served the request (<c>port/listener/route</c>).</summary>
        public const string Route = "agentgateway.route";

        /// <summary>The JSON-RPC method (MCP semantic conventions).</summary>
        public const string McpMethodName = "mcp.method.name";

        /// <summary>The MCP target (the reference's attribute name).</summary>
        public const string McpTarget = "mcp.target";

        /// <summary>The resource URI of <c>resources/read</c> and (un)subscribe.</summary>
        public const string McpResourceUri = "mcp.resource.uri";

        /// <summary>The tool of <c>tools/call</c> (GenAI semantic conventions).</summary>
        public const string GenAiToolName = "gen_ai.tool.name";

        /// <summary>The prompt of <c>prompts/get</c>.</summary>
        public const string GenAiPromptName = "gen_ai.prompt.name";

        /// <summary><c>execute_tool</c> for <c>tools/call</c>.</summary>
        public const string GenAiOperationName = "gen_ai.operation.name";

        /// <summary>The JSON-RPC id the gateway gave the request it sent to the target.</summary>
        public const string JsonRpcRequestId = "jsonrpc.request.id";

        /// <summary>The JSON-RPC error code a target answered with.</summary>
        public const string RpcResponseStatusCode = "rpc.response.status_code";

        /// <summary>What went wrong: a status code, a JSON-RPC error code or a failure name.</summary>
        public const string ErrorType = "error.type";
    }

    private readonly ActivitySource? _source;

    /// <summary>Creates the source when <paramref name="enabled"/>; otherwise nothing is ever traced.</summary>
    public GatewayTracing(bool enabled)
    {
        Enabled = enabled;
        _source = enabled ? new ActivitySource(SourceName, GatewayVersion.Value) : null;
    }

    /// <summary>Whether <c>config.tracing</c> is set: the only condition under which spans are made and context is propagated.</summary>
    public bool Enabled { get; }

    /// <summary>The source (null when tracing is off).</summary>
    public ActivitySource? Source => _source;

    /// <summary>Whether <paramref name="activity"/> is one of this gateway's spans.</summary>
    public bool Owns(Activity activity) => _source is not null && ReferenceEquals(activity.Source, _source);

    /// <summary>
    /// Starts the server span of a request whose <c>traceparent</c>/<c>tracestate</c> headers are given (empty when absent
    /// or invalid: a new trace then starts). Null when tracing is off or the exporter is not listening (yet).
    /// </summary>
    public Activity? StartServer(string name, string? traceParent, string? traceState)
    {
        if (_source is null)
        {
            return null;
        }

        if (!ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent))
        {
            // A new trace. Without this the span would be the child of ASP.NET Core's own request activity (current here
            // whenever ASP.NET Core logs or has listeners), which is never exported, and samplers would follow its flags.
            // Only this request's async flow sees the change.
            Activity.Current = null;
        }

        return _source.StartActivity(name, ActivityKind.Server, parent);
    }

    /// <summary>
    /// The current activity when it is one of this gateway's spans, else null. When a request is not sampled its client
    /// spans are not created at all (the SDK drops children of an unsampled local parent), so the server span is what
    /// carries the trace id and the "not sampled" flag on to the targets.
    /// </summary>
    public Activity? Current => Activity.Current is { } current && Owns(current) ? current : null;

    /// <summary>Starts a client span, child of the current activity. Null when tracing is off or nobody listens.</summary>
    public Activity? StartClient(string name) => _source?.StartActivity(name, ActivityKind.Client);

    /// <inheritdoc/>
    public void Dispose() => _source?.Dispose();
}
