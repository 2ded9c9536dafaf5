using System.Diagnostics;
using System.Globalization;
using System.Text;
using AgentGateway.Cel;
using AgentGateway.Config;
using AgentGateway.Mcp;
using AgentGateway.Mcp.Endpoints;
using AgentGateway.Mcp.Protocol;
using AgentGateway.Proxy.A2a;
using AgentGateway.Proxy.Authentication;
using AgentGateway.Proxy.Authorization;
using AgentGateway.Proxy.Cors;
using AgentGateway.Proxy.Forwarding;
using AgentGateway.Proxy.RateLimiting;
using AgentGateway.Proxy.Routing;
using AgentGateway.Proxy.State;
using AgentGateway.Telemetry;

namespace AgentGateway.Proxy.Pipeline;

/// <summary>
/// The data plane entry: reads the snapshot once, selects the route, answers discovery documents, runs the route's
/// authentication and authorization, and hands the request to the route's backend.
/// </summary>
internal sealed partial class GatewayMiddleware
{
    private readonly IGatewayStateAccessor _state;
    private readonly McpStreamableHttpHandler _mcp;
    private readonly HttpBackendForwarder _http;
    private readonly RequestAuthenticator _authenticator;
    private readonly WellKnownEndpoints _wellKnown;
    private readonly ILogger<GatewayMiddleware> _logger;
    private readonly ILogger _accessLog;
    private readonly TimeProvider _time;
    private readonly GatewayMetrics _metrics;
    private readonly GatewayTracing _tracing;
    private readonly RecentRequests _recent;

    public GatewayMiddleware(
        RequestDelegate next,
        IGatewayStateAccessor state,
        McpStreamableHttpHandler mcp,
        HttpBackendForwarder http,
        RequestAuthenticator authenticator,
        WellKnownEndpoints wellKnown,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        GatewayMetrics metrics,
        GatewayTracing tracing,
        RecentRequests recent)
    {
        _metrics = metrics;
        _tracing = tracing;
        _recent = recent;
        _ = next;
        _state = state;
        _mcp = mcp;
        _http = http;
        _authenticator = authenticator;
        _wellKnown = wellKnown;
        _logger = loggerFactory.CreateLogger<GatewayMiddleware>();
        _accessLog = loggerFactory.CreateLogger(AccessLog.Category);
        _time = time;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var logged = _accessLog.IsEnabled(LogLevel.Information);
        if (_tracing.Enabled)
        {
            return InvokeTracedAsync(context, logged);
        }

        return logged || _metrics.RequestsEnabled || _recent.Enabled ? InvokeMeasuredAsync(context, logged, span: null) : ServeAsync(context, measured: false);
    }

    /// <summary>
    /// Serves the request inside its server span (<c>config.tracing</c>), the child of the request's <c>traceparent</c>.
    /// A span that is not sampled still carries the trace context to the targets, but gets no attributes.
    /// </summary>
    private async Task InvokeTracedAsync(HttpContext context, bool logged)
    {
        var request = context.Request;
        using var span = _tracing.StartServer(request.Method, request.Headers[GatewayTracing.TraceParent].ToString(), request.Headers[GatewayTracing.TraceState].ToString());
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(GatewayTracing.Attributes.HttpRequestMethod, request.Method);
            span.SetTag(GatewayTracing.Attributes.UrlPath, request.Path.Value);
            span.SetTag(GatewayTracing.Attributes.UrlScheme, request.Scheme);
            span.SetTag(GatewayTracing.Attributes.NetworkProtocolVersion, ProtocolVersion(request.Protocol));
            await InvokeMeasuredAsync(context, logged, span);
        }
        else if (logged || _metrics.RequestsEnabled || _recent.Enabled)
        {
            await InvokeMeasuredAsync(context, logged, span: null);
        }
        else
        {
            await ServeAsync(context, measured: false);
        }
    }

    /// <summary>The <c>network.protocol.version</c> of an ASP.NET Core protocol string.</summary>
    private static string? ProtocolVersion(string protocol) => protocol switch
    {
        "HTTP/1.1" => "1.1",
        "HTTP/2" => "2",
        "HTTP/3" => "3",
        "HTTP/1.0" => "1.0",
        _ => null,
    };

    /// <summary>
    /// Serves the request, then records it in the metrics and in the admin API's recent requests, writes its access-log
    /// line and completes its server span (also when it failed).
    /// </summary>
    private async Task InvokeMeasuredAsync(HttpContext context, bool logged, Activity? span)
    {
        var started = _time.GetTimestamp();
        McpRequestInfo? info = null;
        if (logged || _recent.Enabled || span is not null)
        {
            info = new McpRequestInfo();
            McpRequestFeature.For(context).Info = info;
        }

        var status = 500;
        try
        {
            await ServeAsync(context, measured: true);
            status = context.Response.StatusCode;
        }
        finally
        {
            var route = context.Features.Get<RouteModel>()?.Key ?? "-";
            var elapsed = _time.GetElapsedTime(started);
            _metrics.RecordRequest(route, context.Request.Method, status, Reason(status), elapsed);
            if (span is not null)
            {
                CompleteSpan(span, context, status, info!);
            }

            if (info is not null)
            {
                var identity = context.Features.Get<GatewayIdentity>();
                var path = context.Request.Path.Value ?? "/";
                var a2a = context.Features.Get<A2aRequestInfo>();
                if (logged && _state.Current.AccessLog is { } rules)
                {
                    WriteWithRules(context, rules, identity, path, status, elapsed, route, info, a2a);
                }
                else if (logged && a2a is not null)
                {
                    AccessLog.A2aRequest(_accessLog, context.Request.Method, path, status, elapsed.TotalMilliseconds, route, identity?.Subject, a2a.Method, a2a.LoggedOutcome);
                }
                else if (logged)
                {
                    AccessLog.Request(_accessLog, context.Request.Method, path, status, elapsed.TotalMilliseconds, route, identity?.Subject,
                        info.Method, info.Target, info.Name, info.SessionPrefix);
                }

                _recent.Add(_time.GetUtcNow(), route, context.Request.Method, path, status, Reason(status), elapsed,
                    info.Method, info.Target, info.Name, identity?.Subject, info.SessionPrefix);
            }
        }
    }

    /// <summary>An access-log line under <c>logging.filter</c> / <c>logging.fields</c>: skipped when the filter is not true; removed standard fields left out; extra fields appended (a field whose expression errors is left out).</summary>
    private void WriteWithRules(
        HttpContext context, AccessLogRules rules, GatewayIdentity? identity, string path, int status, TimeSpan elapsed, string route, McpRequestInfo info,
        A2aRequestInfo? a2a)
    {
        var cel = new AccessLogCelContext(CelOf(context, identity), status, info.Method, info.Target, info.Name);
        if (rules.Filter is { } filter && !filter.EvaluateBool(cel))
        {
            return;
        }

        var fields = new List<KeyValuePair<string, object?>>(10 + rules.Fields.Length);
        var text = new StringBuilder(160);
        void Positional(AccessLogField field, string name, object value, string formatted)
        {
            if (rules.Writes(field))
            {
                fields.Add(new(name, value));
                text.Append(text.Length == 0 ? "" : " ").Append(formatted);
            }
        }

        void Keyed(AccessLogField field, string name, string key, string? value)
        {
            if (rules.Writes(field))
            {
                fields.Add(new(name, value));
                text.Append(text.Length == 0 ? "" : " ").Append(key).Append('=').Append(value);
            }
        }

        Positional(AccessLogField.Method, "HttpMethod", context.Request.Method, context.Request.Method);
        Positional(AccessLogField.Path, "Path", path, path);
        Positional(AccessLogField.Status, "Status", status, status.ToString(CultureInfo.InvariantCulture));
        Positional(AccessLogField.Duration, "DurationMs", Math.Round(elapsed.TotalMilliseconds, 1),
            elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + "ms");
        Keyed(AccessLogField.Route, "Route", "route", route);
        Keyed(AccessLogField.Subject, "Subject", "sub", identity?.Subject);
        Keyed(AccessLogField.McpMethod, "McpMethod", "mcp.method", info.Method);
        Keyed(AccessLogField.McpTarget, "McpTarget", "mcp.target", info.Target);
        Keyed(AccessLogField.McpName, "McpName", "mcp.name", info.Name);
        Keyed(AccessLogField.McpSession, "McpSession", "mcp.session", info.SessionPrefix);
        if (a2a is not null)
        {
            var outcome = a2a.LoggedOutcome;
            fields.Add(new("A2aMethod", a2a.Method));
            fields.Add(new("A2aOutcome", outcome));
            text.Append(" a2a.method=").Append(a2a.Method).Append(" a2a.outcome=").Append(outcome);
        }

        // Extra fields after the standard ones, in configuration order; one whose expression errors is left out.
        foreach (var (name, program) in rules.Fields)
        {
            var value = program.Evaluate(cel);
            if (!value.IsError)
            {
                object? field = value.Kind switch
                {
                    CelValueKind.String => value.AsString(),
                    CelValueKind.Int => value.AsInt64(),
                    CelValueKind.Bool => value.AsBool(),
                    CelValueKind.Double => value.AsDouble(),
                    _ => value.ToString(),
                };
                fields.Add(new(name, field));
                text.Append(text.Length == 0 ? "" : " ").Append(name).Append('=').Append(Convert.ToString(field, CultureInfo.InvariantCulture));
            }
        }

        var entry = new AccessLogEntry(text.ToString(), fields);
        _accessLog.Log(LogLevel.Information, new EventId(1000, "Request"), entry, null, static (e, _) => e.ToString());
    }

    /// <summary>
    /// The request's CEL variables, made once per request (copying its headers and claims) and kept as a feature:
    /// authorization, rate-limit keys and the access log's filter and fields all read the same one.
    /// </summary>
    private static RequestCelContext CelOf(HttpContext context, GatewayIdentity? identity)
    {
        if (context.Features.Get<RequestCelContext>() is { } existing)
        {
            return existing;
        }

        var cel = new RequestCelContext(context, identity?.Claims);
        context.Features.Set(cel);
        return cel;
    }

    /// <summary>Names the server span after its route and sets what the request turned out to be.</summary>
    private static void CompleteSpan(Activity span, HttpContext context, int status, McpRequestInfo info)
    {
        if (context.Features.Get<RouteModel>() is { } route)
        {
            span.DisplayName = context.Request.Method + " " + route.Key;
            span.SetTag(GatewayTracing.Attributes.Route, route.Key);
        }

        span.SetTag(GatewayTracing.Attributes.HttpResponseStatusCode, status);
        if (info.Method is { } method)
        {
            span.SetTag(GatewayTracing.Attributes.McpMethodName, method);
        }

        if (info.Target is { } target)
        {
            span.SetTag(GatewayTracing.Attributes.McpTarget, target);
        }

        if (info.Name is { } name)
        {
            span.SetTag(info.Method switch
            {
                McpMethods.ToolsCall => GatewayTracing.Attributes.GenAiToolName,
                McpMethods.PromptsGet => GatewayTracing.Attributes.GenAiPromptName,
                _ => GatewayTracing.Attributes.McpResourceUri,
            }, name);
        }

        if (status >= 500)
        {
            // Server spans are errors on 5xx only (OpenTelemetry HTTP conventions): a 4xx is the client's mistake.
            span.SetTag(GatewayTracing.Attributes.ErrorType, status.ToString(CultureInfo.InvariantCulture));
            span.SetStatus(ActivityStatusCode.Error);
        }
    }

    /// <summary>The <c>reason</c> label of a status: a fixed set.</summary>
    private static string Reason(int status) => status switch
    {
        < 400 => "ok",
        401 => "authentication",
        403 => "authorization",
        404 => "not_found",
        413 => "too_large",
        429 => "rate_limited",
        < 500 => "bad_request",
        502 or 504 => "upstream",
        _ => "error",
    };

    private Task ServeAsync(HttpContext context, bool measured)
    {
        var snapshot = _state.Current;
        var route = RouteSelector.Select(snapshot, context);

        // First, so that every response of the route carries the edits: discovery documents, preflights, 401, 403, 429 and the answers.
        route?.ResponseHeaders?.ApplyWhenStarting(context.Response);
        if (context.Request.Path.StartsWithSegments("/.well-known", StringComparison.Ordinal) && IsGatewayDiscovery(context, snapshot, route))
        {
            // Discovery documents are public, whatever the route's policy: they tell clients how to authenticate.
            return _wellKnown.HandleAsync(context, snapshot, route);
        }

        if (route is null)
        {
            return ProxyErrorWriter.WriteAsync(context, ProxyError.NoRoute);
        }

        if (TlsConnection.IsMisdirected(context, snapshot.Binds.GetValueOrDefault(context.Connection.LocalPort), route))
        {
            return ProxyErrorWriter.WriteAsync(context, ProxyError.MisdirectedRequest);
        }

        if (measured)
        {
            context.Features.Set(route);
        }

        if (route.Cors is { } cors)
        {
            // Before authentication: a preflight carries no credentials and must never be challenged.
            if (CorsPolicy.IsPreflight(context.Request))
            {
                cors.WritePreflight(context);
                return Task.CompletedTask;
            }

            cors.ApplyToResponse(context);
        }

        return route.Authentication is null && route.Authorization is null && route.McpAuthorization is null
            && route.RateLimit is null && route.RequestHeaders is null
            ? DispatchAsync(context, route)
            : ApplyPoliciesAndServeAsync(context, route);
    }

    /// <remarks>
    /// Not async itself, nor is anything here on the way to the backend: authentication answered from its cache, rules
    /// and limits are synchronous, so an authenticated call pays no state machine of its own (measured with bench/).
    /// </remarks>
    private Task ApplyPoliciesAndServeAsync(HttpContext context, RouteModel route)
    {
        if (route.Authentication is { } authentication)
        {
            var authenticated = _authenticator.AuthenticateAsync(context, authentication, route.Key);
            if (!authenticated.IsCompletedSuccessfully)
            {
                return AuthenticateThenServeAsync(context, route, authenticated);
            }

#pragma warning disable CA2012 // Consumed once: Result is read only after IsCompletedSuccessfully, and then never awaited.
            if (authenticated.Result is { } challenge)
#pragma warning restore CA2012
            {
                return ProxyErrorWriter.WriteUnauthorizedAsync(context, challenge);
            }
        }

        return AuthorizeAndServeAsync(context, route);
    }

    /// <summary>Authentication that had to wait (keys being fetched, a token not in the cache), then the rest.</summary>
    private async Task AuthenticateThenServeAsync(HttpContext context, RouteModel route, ValueTask<AuthenticationChallenge?> authenticated)
    {
        if (await authenticated is { } challenge)
        {
            await ProxyErrorWriter.WriteUnauthorizedAsync(context, challenge);
            return;
        }

        await AuthorizeAndServeAsync(context, route);
    }

    /// <summary>After authentication: header edits, authorization, rate limits, then the backend.</summary>
    private Task AuthorizeAndServeAsync(HttpContext context, RouteModel route)
    {
        // After authentication (a modifier cannot forge or strip credentials), before the rules read request.headers.
        route.RequestHeaders?.Apply(context.Request.Headers);

        var identity = context.Features.Get<GatewayIdentity>();
        RequestCelContext? cel = null;
        if (route.Authorization is not null || route.McpAuthorization is not null)
        {
            cel = CelOf(context, identity);
            if (route.Authorization is { } rules && !rules.IsAllowed(cel))
            {
                Log.Denied(_logger, route.Key, identity?.Subject ?? "(anonymous)");
                _metrics.RecordAuthorizationDenied(route.Key, "authorization");
                // Nobody proved who they are: ask for a token rather than refuse who they are not.
                return identity is null && route.Authentication is { } policy
                    ? ProxyErrorWriter.WriteUnauthorizedAsync(context, AuthenticationChallenge.Missing(RequestAuthenticator.Challenge(context.Request, policy)))
                    : ProxyErrorWriter.WriteForbiddenAsync(context, route.Authentication);
            }

            if (route.McpAuthorization is { } mcpRules)
            {
                McpRequestFeature.For(context).Access = new McpAccessPolicy(mcpRules, cel);
            }
        }

        // Rate limits after authorization (as the reference): a refused caller spends no token, and jwt.sub is known.
        return route.RateLimit is { } limits ? RateLimitThenDispatchAsync(context, route, limits, identity, cel) : DispatchAsync(context, route);
    }

    private async Task RateLimitThenDispatchAsync(HttpContext context, RouteModel route, LocalRateLimitPolicy limits, GatewayIdentity? identity, RequestCelContext? cel)
    {
        if (await ApplyRateLimitsAsync(context, route, limits, identity, cel))
        {
            await DispatchAsync(context, route);
        }
    }

    /// <summary>
    /// Takes a token from each HTTP rule (429 with <c>retry-after</c> when one refuses; the <c>x-ratelimit-*</c> headers of
    /// the tightest rule either way), and hands the rules keyed on <c>mcp</c> to the MCP engine. False when refused.
    /// </summary>
    private async Task<bool> ApplyRateLimitsAsync(HttpContext context, RouteModel route, LocalRateLimitPolicy limits, GatewayIdentity? identity, RequestCelContext? cel)
    {
        if (limits.HttpRules.Length > 0)
        {
            if (limits.HttpNeedsVariables)
            {
                cel ??= CelOf(context, identity);
            }

            if (LocalRateLimitPolicy.Acquire(limits.HttpRules, cel, RateLimitClock.Now(_time)) is { } decision)
            {
                var headers = context.Response.Headers;
                headers["x-ratelimit-limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
                headers["x-ratelimit-remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
                headers["x-ratelimit-reset"] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
                if (!decision.Allowed)
                {
                    Log.RateLimited(_logger, route.Key, identity?.Subject ?? "(anonymous)");
                    _metrics.RecordRateLimited(route.Key, GatewayMetrics.RateLimitedHttp);
                    await ProxyErrorWriter.WriteRateLimitedAsync(context, decision.ResetSeconds);
                    return false;
                }
            }
        }

        if (limits.McpRules.Length > 0)
        {
            cel ??= CelOf(context, identity);
            McpRequestFeature.For(context).Limiter = new McpCallLimiter(limits.McpRules, cel, _time, _metrics, route.Key);
        }

        return true;
    }

    /// <summary>
    /// Whether a <c>/.well-known</c> request is the gateway's to answer: always on MCP routes (and without a route); on a
    /// plain HTTP route only an OAuth document of an <c>mcpAuthentication</c> policy (the route's, or that of the route
    /// the path-inserted resource names); the rest (an A2A agent card, a backend's own discovery document) goes to the backend.
    /// </summary>
    private static bool IsGatewayDiscovery(HttpContext context, GatewaySnapshot snapshot, RouteModel? route)
    {
        if (route is null || route.Mcp is not null)
        {
            return true;
        }

        if (!WellKnownPaths.TryParse(context.Request.Path.Value ?? "", out _, out var resourcePath))
        {
            return false;
        }

        return route.Authentication is { Kind: AuthenticationPolicyKind.Mcp }
            || (resourcePath.Length > 0 && RouteSelector.SelectForPath(snapshot, context, resourcePath)?.Authentication is { Kind: AuthenticationPolicyKind.Mcp });
    }

    /// <summary>After the route's policies: the MCP engine, the HTTP forwarder, or the route's fixed answer.</summary>
    private Task DispatchAsync(HttpContext context, RouteModel route) =>
        route.Mcp is { } mcp ? _mcp.HandleAsync(context, mcp)
        : route.Http is { } http ? _http.ForwardAsync(context, http)
        : route.DirectResponse!.WriteAsync(context);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Route {Route}: request of '{Subject}' denied by the authorization rules")]
        public static partial void Denied(ILogger logger, string route, string subject);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Route {Route}: request of '{Subject}' refused by localRateLimit")]
        public static partial void RateLimited(ILogger logger, string route, string subject);
    }
}
