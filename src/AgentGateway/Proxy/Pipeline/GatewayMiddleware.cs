using System.Globalization;
using AgentGateway.Cel;
using AgentGateway.Mcp;
using AgentGateway.Mcp.Endpoints;
using AgentGateway.Proxy.A2a;
using AgentGateway.Proxy.Authentication;
using AgentGateway.Proxy.Authorization;
using AgentGateway.Proxy.Cors;
using AgentGateway.Proxy.Forwarding;
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

    public GatewayMiddleware(
        RequestDelegate next,
        IGatewayStateAccessor state,
        McpStreamableHttpHandler mcp,
        HttpBackendForwarder http,
        RequestAuthenticator authenticator,
        WellKnownEndpoints wellKnown,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        GatewayMetrics metrics)
    {
        _metrics = metrics;
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
        return logged || _metrics.RequestsEnabled ? InvokeMeasuredAsync(context, logged) : ServeAsync(context, measured: false);
    }

    /// <summary>Serves the request, then records it in the metrics and writes its access-log line (also when it failed).</summary>
    private async Task InvokeMeasuredAsync(HttpContext context, bool logged)
    {
        var started = _time.GetTimestamp();
        McpRequestInfo? info = null;
        if (logged)
        {
            info = new McpRequestInfo();
            context.Features.Set(info);
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
            if (info is not null)
            {
                var identity = context.Features.Get<GatewayIdentity>();
                var path = context.Request.Path.Value ?? "/";
                var a2a = context.Features.Get<A2aRequestInfo>();
                if (_state.Current.AccessLog is { } rules)
                {
                    WriteWithRules(context, rules, identity, path, status, elapsed, route, info, a2a);
                }
                else if (a2a is not null)
                {
                    AccessLog.A2aRequest(_accessLog, context.Request.Method, path, status, elapsed.TotalMilliseconds, route, identity?.Subject, a2a.Method, a2a.LoggedOutcome);
                }
                else
                {
                    AccessLog.Request(_accessLog, context.Request.Method, path, status, elapsed.TotalMilliseconds, route, identity?.Subject,
                        info.Method, info.Target, info.Name, info.SessionPrefix);
                }
            }
        }
    }

    /// <summary>An access-log line under <c>logging.filter</c> / <c>logging.fields.add</c>: skipped when the filter is not true; extra fields appended (a field whose expression errors is left out).</summary>
    private void WriteWithRules(
        HttpContext context, AccessLogRules rules, GatewayIdentity? identity, string path, int status, TimeSpan elapsed, string route, McpRequestInfo info,
        A2aRequestInfo? a2a)
    {
        var cel = new AccessLogCelContext(new RequestCelContext(context, identity?.Claims), status, info.Method, info.Target, info.Name);
        if (rules.Filter is { } filter && !filter.EvaluateBool(cel))
        {
            return;
        }

        List<KeyValuePair<string, object?>> fields =
        [
            new("HttpMethod", context.Request.Method), new("Path", path), new("Status", status), new("DurationMs", Math.Round(elapsed.TotalMilliseconds, 1)),
            new("Route", route), new("Subject", identity?.Subject), new("McpMethod", info.Method), new("McpTarget", info.Target),
            new("McpName", info.Name), new("McpSession", info.SessionPrefix),
        ];
        var standard = string.Create(CultureInfo.InvariantCulture,
            $"{context.Request.Method} {path} {status} {elapsed.TotalMilliseconds:0.0}ms route={route} sub={identity?.Subject} mcp.method={info.Method} mcp.target={info.Target} mcp.name={info.Name} mcp.session={info.SessionPrefix}");
        if (a2a is not null)
        {
            fields.Add(new("A2aMethod", a2a.Method));
            fields.Add(new("A2aOutcome", a2a.LoggedOutcome));
            standard += $" a2a.method={a2a.Method} a2a.outcome={a2a.LoggedOutcome}";
        }

        var extras = new List<KeyValuePair<string, object?>>(rules.Fields.Length);
        foreach (var (name, program) in rules.Fields)
        {
            var value = program.Evaluate(cel);
            if (!value.IsError)
            {
                extras.Add(new(name, value.Kind switch
                {
                    CelValueKind.String => value.AsString(),
                    CelValueKind.Int => value.AsInt64(),
                    CelValueKind.Bool => value.AsBool(),
                    CelValueKind.Double => value.AsDouble(),
                    _ => value.ToString(),
                }));
            }
        }

        fields.AddRange(extras);
        var entry = new AccessLogEntry(AccessLogEntry.Format(standard, extras), fields);
        _accessLog.Log(LogLevel.Information, new EventId(1000, "Request"), entry, null, static (e, _) => e.ToString());
    }

    /// <summary>The <c>reason</c> label of a status: a fixed set.</summary>
    private static string Reason(int status) => status switch
    {
        < 400 => "ok",
        401 => "authentication",
        403 => "authorization",
        404 => "not_found",
        413 => "too_large",
        < 500 => "bad_request",
        502 or 504 => "upstream",
        _ => "error",
    };

    private Task ServeAsync(HttpContext context, bool measured)
    {
        var snapshot = _state.Current;
        var route = RouteSelector.Select(snapshot, context);
        if (context.Request.Path.StartsWithSegments("/.well-known", StringComparison.Ordinal) && IsGatewayDiscovery(context, snapshot, route))
        {
            // Discovery documents are public, whatever the route's policy: they tell clients how to authenticate.
            return _wellKnown.HandleAsync(context, snapshot, route);
        }

        if (route is null)
        {
            return ProxyErrorWriter.WriteAsync(context, ProxyError.NoRoute);
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
            ? DispatchAsync(context, route)
            : ApplyPoliciesAndServeAsync(context, route);
    }

    private async Task ApplyPoliciesAndServeAsync(HttpContext context, RouteModel route)
    {
        if (route.Authentication is { } authentication && await _authenticator.AuthenticateAsync(context, authentication, route.Key) is { } challenge)
        {
            await ProxyErrorWriter.WriteUnauthorizedAsync(context, challenge);
            return;
        }

        if (route.Authorization is not null || route.McpAuthorization is not null)
        {
            var identity = context.Features.Get<GatewayIdentity>();
            var cel = new RequestCelContext(context, identity?.Claims);
            if (route.Authorization is { } rules && !rules.IsAllowed(cel))
            {
                Log.Denied(_logger, route.Key, identity?.Subject ?? "(anonymous)");
                _metrics.RecordAuthorizationDenied(route.Key, "authorization");
                if (identity is null && route.Authentication is { } policy)
                {
                    // Nobody proved who they are: ask for a token rather than refuse who they are not.
                    await ProxyErrorWriter.WriteUnauthorizedAsync(context, AuthenticationChallenge.Missing(RequestAuthenticator.Challenge(context.Request, policy)));
                }
                else
                {
                    await ProxyErrorWriter.WriteForbiddenAsync(context, route.Authentication);
                }

                return;
            }

            if (route.McpAuthorization is { } mcpRules)
            {
                context.Features.Set<IMcpAccessPolicy>(new McpAccessPolicy(mcpRules, cel));
            }
        }

        await DispatchAsync(context, route);
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
    }
}
