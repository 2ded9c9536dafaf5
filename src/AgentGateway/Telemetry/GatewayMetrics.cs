using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using AgentGateway.Utilities;

namespace AgentGateway.Telemetry;

/// <summary>
/// Every metric of the gateway, on one meter (<see cref="MeterName"/>) created from <see cref="IMeterFactory"/>.
/// Instruments are created once, in the constructor; each <c>Record…</c> method checks that its instrument is listened
/// to before it builds tags, so a gateway without <c>statsAddr</c> pays a field read per call.
/// </summary>
/// <remarks>
/// <para>
/// Names are OpenTelemetry names; the Prometheus exporter turns them into the reference's names
/// (<c>agentgateway.requests</c> → <c>agentgateway_requests_total</c>, <c>agentgateway.request.duration</c> in seconds →
/// <c>agentgateway_request_duration_seconds</c>). docs/operations.md lists them with their labels.
/// </para>
/// <para>
/// Labels are bounded: routes, targets and policies come from the configuration, methods are mapped to a fixed set,
/// statuses to a precomputed table, and tool names are capped per target (<see cref="MaxToolsPerTarget"/>). Never a
/// token, a session id or a raw path. Tag values are strings that already exist (constants, configuration strings), so
/// recording allocates nothing per call.
/// </para>
/// </remarks>
internal sealed class GatewayMetrics
{
    /// <summary>The meter's name: what an exporter subscribes to.</summary>
    public const string MeterName = "agentgateway";

    /// <summary>Distinct tool labels kept per target; further names are counted under <see cref="OtherLabel"/>.</summary>
    public const int MaxToolsPerTarget = 256;

    /// <summary>The label value for anything outside a bounded set.</summary>
    public const string OtherLabel = "_other";

    // Seconds; from 1 ms (a cached answer) to 5 minutes (the default MCP request timeout).
    private static readonly double[] s_durationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
    private static readonly string[] s_statusLabels = [.. Enumerable.Range(0, 600).Select(static s => s.ToString(CultureInfo.InvariantCulture))];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _mcpRequests;
    private readonly Histogram<double> _upstreamCallDuration;
    private readonly UpDownCounter<long> _mcpSessionsActive;
    private readonly Counter<long> _mcpSessionsLimited;
    private readonly Counter<long> _stdioStarted;
    private readonly Counter<long> _stdioFailed;
    private readonly Counter<long> _stdioExited;
    private readonly Counter<long> _jwksFetches;
    private readonly Counter<long> _authentication;
    private readonly Counter<long> _authorizationDenials;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _a2aRequests;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _toolLabels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Outcome, string Reason)> _authenticationLabels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _configLoads = new(StringComparer.Ordinal);
    private int _configSynchronized;

    /// <summary>Creates the meter and its instruments.</summary>
    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(new MeterOptions(MeterName) { Version = GatewayVersion.Value });
        var durationAdvice = new InstrumentAdvice<double> { HistogramBucketBoundaries = s_durationBuckets };

        _requests = meter.CreateCounter<long>("agentgateway.requests", "{request}",
            "HTTP requests served on the data plane, by route, method, status and reason.");
        _requestDuration = meter.CreateHistogram("agentgateway.request.duration", "s",
            "Duration of HTTP requests on the data plane, by route, method, status and reason.", advice: durationAdvice);
        _mcpRequests = meter.CreateCounter<long>("agentgateway.mcp.requests", "{request}",
            "MCP requests from clients, by JSON-RPC method, target and (tools/call) tool.");
        _upstreamCallDuration = meter.CreateHistogram("agentgateway.upstream.call.duration", "s",
            "Duration of requests sent to MCP targets, by target and JSON-RPC method.", advice: durationAdvice);
        _mcpSessionsActive = meter.CreateUpDownCounter<long>("agentgateway.mcp.sessions.active", "{session}",
            "Live MCP client sessions, by backend route.");
        _mcpSessionsLimited = meter.CreateCounter<long>("agentgateway.mcp.sessions.limited", "{session}",
            "MCP sessions affected by config.mcp.maxSessions and maxSessionsPerCaller, by backend route and outcome (evicted: an idle one ended to make room; refused: a new one answered 503; caller_evicted: a caller's own idle one ended for its new one; caller_refused: a caller's new one answered 429).");
        _stdioStarted = meter.CreateCounter<long>("agentgateway.mcp.stdio.processes.started", "{process}",
            "stdio MCP server processes started, by target.");
        _stdioFailed = meter.CreateCounter<long>("agentgateway.mcp.stdio.processes.failed", "{process}",
            "stdio MCP server processes that could not be started, by target.");
        _stdioExited = meter.CreateCounter<long>("agentgateway.mcp.stdio.processes.exited", "{process}",
            "stdio MCP server processes that ended (ended by the gateway or on their own), by target.");
        _jwksFetches = meter.CreateCounter<long>("agentgateway.jwks.fetches", "{fetch}",
            "JWKS loads from a URL or a file, by outcome (success, failure).");
        _authentication = meter.CreateCounter<long>("agentgateway.authentication", "{request}",
            "Authentication decisions, by outcome (valid, missing, invalid) and reason.");
        _authorizationDenials = meter.CreateCounter<long>("agentgateway.authorization.denials", "{request}",
            "Requests denied by authorization rules, by route and policy.");
        _rateLimited = meter.CreateCounter<long>("agentgateway.ratelimited.requests", "{request}",
            "Requests (scope http, answered 429) and MCP tool calls (scope mcp, answered with a JSON-RPC error) refused by localRateLimit, by route.");
        _retries = meter.CreateCounter<long>("agentgateway.retries", "{retry}",
            "Requests sent again to a plain HTTP backend under a retry policy, by route and reason (status, connect).");
        _a2aRequests = meter.CreateCounter<long>("agentgateway.a2a.requests", "{request}",
            "Requests on A2A routes, by route, A2A method (agent-card for a card) and outcome (success, error, unknown).");
        // Observed rather than added: the first load happens before the exporter exists, and must still be counted.
        meter.CreateObservableCounter("agentgateway.config.reloads", ObserveConfigLoads, "{reload}",
            "Configuration loads (the first one and each reload of the watched file), by outcome.");
        meter.CreateObservableGauge("agentgateway.config.synchronized", () => Volatile.Read(ref _configSynchronized), null,
            "1 when the configuration in force is the last one read (its load succeeded), 0 when the last reload was refused.");
        meter.CreateObservableGauge("agentgateway.build.info", static () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", GatewayVersion.Value)),
            null, "Always 1; the version label tells which build runs.");
    }

    /// <summary>Whether <see cref="RecordUpstreamCall"/> is listened to (callers skip taking a timestamp otherwise).</summary>
    public bool UpstreamCallsEnabled => _upstreamCallDuration.Enabled;

    /// <summary>Whether <see cref="RecordMcpRequest"/> is listened to (the relay skips working out its labels otherwise).</summary>
    public bool McpRequestsEnabled => _mcpRequests.Enabled;

    /// <summary>Whether <see cref="RecordRequest"/> is listened to (the pipeline skips timing requests otherwise).</summary>
    public bool RequestsEnabled => _requests.Enabled || _requestDuration.Enabled;

    /// <summary>Records one data-plane HTTP request.</summary>
    /// <param name="route">The route key, or <c>-</c> when none matched.</param>
    /// <param name="method">The HTTP method (mapped to the standard ones, others as <see cref="OtherLabel"/>).</param>
    /// <param name="status">The response status.</param>
    /// <param name="reason">Why it ended so, from a fixed set (e.g. <c>ok</c>, a <c>ProxyError</c> name); never free text.</param>
    /// <param name="duration">How long it took.</param>
    public void RecordRequest(string route, string method, int status, string reason, TimeSpan duration)
    {
        if (!RequestsEnabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "route", route },
            { "method", HttpMethodLabel(method) },
            { "status", (uint)status < (uint)s_statusLabels.Length ? s_statusLabels[status] : OtherLabel },
            { "reason", reason },
        };
        _requests.Add(1, tags);
        _requestDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>Records one authentication decision.</summary>
    /// <param name="outcome"><c>valid</c>, <c>missing</c>, or <c>invalid:&lt;reason&gt;</c> (e.g. <c>invalid:Expired</c>):
    /// the part after the colon becomes the <c>reason</c> label.</param>
    public void RecordAuthentication(string outcome)
    {
        if (!_authentication.Enabled)
        {
            return;
        }

        var (label, reason) = AuthenticationLabels(outcome);
        _authentication.Add(1, new KeyValuePair<string, object?>("outcome", label), new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>Records a request denied by authorization rules.</summary>
    /// <param name="route">The route key.</param>
    /// <param name="policy">Which rules denied it (e.g. <c>authorization</c>, <c>mcpAuthorization</c>).</param>
    public void RecordAuthorizationDenied(string route, string policy) =>
        AddRoute(_authorizationDenials, route, "policy", policy);

    /// <summary>Records a request or MCP call refused by a rate limit.</summary>
    /// <param name="route">The route key.</param>
    /// <param name="scope"><c>http</c> (a 429) or <c>mcp</c> (a <c>tools/call</c> answered with a JSON-RPC error).</param>
    public void RecordRateLimited(string route, string scope) =>
        AddRoute(_rateLimited, route, "scope", scope);

    /// <summary>Records one retry of a request to a plain HTTP backend.</summary>
    /// <param name="route">The route key.</param>
    /// <param name="reason"><c>status</c> (a status listed in <c>retry.codes</c>) or <c>connect</c> (the backend could not be reached).</param>
    public void RecordRetry(string route, string reason) =>
        AddRoute(_retries, route, "reason", reason);

    /// <summary>Records one request on an A2A route.</summary>
    /// <param name="route">The route key.</param>
    /// <param name="method">The A2A method, already mapped to a bounded set.</param>
    /// <param name="outcome"><c>success</c>, <c>error</c> or <c>unknown</c>.</param>
    public void RecordA2aRequest(string route, string method, string outcome)
    {
        if (_a2aRequests.Enabled)
        {
            _a2aRequests.Add(1,
                new KeyValuePair<string, object?>("route", route),
                new KeyValuePair<string, object?>("method", method),
                new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    /// <summary>Records one MCP request from a client.</summary>
    /// <param name="method">The JSON-RPC method, already mapped to a bounded set by the engine.</param>
    /// <param name="target">The target that served it; empty when several did (lists) or none.</param>
    /// <param name="tool">For <c>tools/call</c> that a target answered: the tool's name at that target; otherwise null.</param>
    public void RecordMcpRequest(string method, string target, string? tool)
    {
        if (!_mcpRequests.Enabled)
        {
            return;
        }

        _mcpRequests.Add(1,
            new KeyValuePair<string, object?>("method", method),
            new KeyValuePair<string, object?>("target", target),
            new KeyValuePair<string, object?>("tool", tool is null ? "" : ToolLabel(target, tool)));
    }

    /// <summary>Records one request sent to a target and its answer (or failure).</summary>
    /// <param name="target">The target name.</param>
    /// <param name="method">The JSON-RPC method, already mapped to a bounded set by the engine.</param>
    /// <param name="duration">From sending to the answer.</param>
    public void RecordUpstreamCall(string target, string method, TimeSpan duration)
    {
        if (_upstreamCallDuration.Enabled)
        {
            _upstreamCallDuration.Record(duration.TotalSeconds,
                new KeyValuePair<string, object?>("target", target), new KeyValuePair<string, object?>("method", method));
        }
    }

    /// <summary>A client session of <paramref name="route"/> began (+1) or ended (-1).</summary>
    public void AddActiveSession(string route, int delta) =>
        _mcpSessionsActive.Add(delta, new KeyValuePair<string, object?>("route", route));

    /// <summary>The session limit ended an idle session of <paramref name="route"/> (<c>evicted</c>) or refused a new one (<c>refused</c>).</summary>
    public void RecordSessionLimited(string route, string outcome) =>
        _mcpSessionsLimited.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A stdio target's process started.</summary>
    public void StdioProcessStarted(string target) => AddTarget(_stdioStarted, target);

    /// <summary>A stdio target's process could not be started.</summary>
    public void StdioProcessFailed(string target) => AddTarget(_stdioFailed, target);

    /// <summary>A stdio target's process ended.</summary>
    public void StdioProcessExited(string target) => AddTarget(_stdioExited, target);

    /// <summary>Records one JWKS load from a URL or a file.</summary>
    public void RecordJwksFetch(bool succeeded)
    {
        if (_jwksFetches.Enabled)
        {
            _jwksFetches.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));
        }
    }

    /// <summary>Records a configuration load: the first one, or a reload of the watched file.</summary>
    /// <param name="outcome"><c>success</c>, or why it was refused (e.g. <c>invalid</c>, <c>ports_changed</c>).</param>
    public void RecordConfigLoad(string outcome)
    {
        Volatile.Write(ref _configSynchronized, outcome == ConfigLoadSuccess ? 1 : 0);
        _configLoads.AddOrUpdate(outcome, 1, static (_, count) => count + 1);
    }

    private IEnumerable<Measurement<long>> ObserveConfigLoads()
    {
        foreach (var (outcome, count) in _configLoads)
        {
            yield return new Measurement<long>(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    /// <summary>The <see cref="RecordRateLimited"/> scope of a request refused with 429.</summary>
    public const string RateLimitedHttp = "http";

    /// <summary>The <see cref="RecordRateLimited"/> scope of an MCP call refused with a JSON-RPC error.</summary>
    public const string RateLimitedMcp = "mcp";

    /// <summary>The <see cref="RecordConfigLoad"/> outcome of a configuration now in force.</summary>
    public const string ConfigLoadSuccess = "success";

    /// <summary>One event of <paramref name="route"/> with one more label (a value from a fixed set).</summary>
    private static void AddRoute(Counter<long> counter, string route, string label, string value)
    {
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>(label, value));
        }
    }

    private static void AddTarget(Counter<long> counter, string target)
    {
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>("target", target));
        }
    }

    private static string HttpMethodLabel(string method) => method switch
    {
        "GET" => "GET",
        "POST" => "POST",
        "DELETE" => "DELETE",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => OtherLabel,
    };

    private string ToolLabel(string target, string tool)
    {
        if (!_toolLabels.TryGetValue(target, out var tools))
        {
            tools = _toolLabels.GetOrAdd(target, static _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
        }

        if (tools.TryGetValue(tool, out var label))
        {
            return label;
        }

        // The count is checked before adding, so a burst of new names may pass the cap by a few: still bounded.
        return tools.Count < MaxToolsPerTarget ? tools.GetOrAdd(tool, tool) : OtherLabel;
    }

    private (string Outcome, string Reason) AuthenticationLabels(string outcome)
    {
        if (_authenticationLabels.TryGetValue(outcome, out var labels))
        {
            return labels;
        }

        if (_authenticationLabels.Count >= 64)
        {
            return (OtherLabel, "");
        }

        var colon = outcome.IndexOf(':', StringComparison.Ordinal);
        labels = colon < 0 ? (outcome, "") : (outcome[..colon], outcome[(colon + 1)..]);
        return _authenticationLabels.GetOrAdd(outcome, labels);
    }
}
