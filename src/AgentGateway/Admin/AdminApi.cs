using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AgentGateway.Admin.Playground;
using AgentGateway.Admin.Ui;
using AgentGateway.Config.Model;
using AgentGateway.Config.Schema;
using AgentGateway.Mcp.Sessions;
using AgentGateway.Proxy.State;
using AgentGateway.Telemetry;
using AgentGateway.Utilities;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AgentGateway.Admin;

/// <summary>
/// The admin API, served only on <c>config.adminAddr</c> (loopback by default): the effective configuration with its
/// secrets redacted, the log level, the live MCP sessions and their processes, the recent requests, a graceful shutdown,
/// the configuration's JSON Schema, and the web UI (<c>/ui/</c>) with its CEL and MCP playgrounds.
/// </summary>
/// <remarks>
/// <para>
/// A plain dispatcher on the path rather than endpoint routing: the admin API must not add endpoints to the
/// application's route table, which the data plane would then see.
/// </para>
/// <para>
/// It reads gateway state and changes nothing but the log level and the process's life. A <c>POST</c> (or any method but
/// <c>GET</c>) from a web page of another origin (a browser sends <c>Origin</c>) is refused, so a page open in a browser
/// on the gateway's host cannot stop it, change its logging or use its playgrounds through the loopback address; the
/// web UI is of the admin address's own origin, so its requests pass. On a loopback admin address, a request for a host
/// name other than <c>localhost</c> is refused too (DNS rebinding: a page of evil.example whose name now points at
/// 127.0.0.1 would be of the same origin as the admin API).
/// </para>
/// </remarks>
internal sealed partial class AdminApi
{
    private static readonly AdminIndex s_index = new(GatewayVersion.Value, new Dictionary<string, string>
    {
        ["GET /config_dump"] = "the configuration in force, as JSON, secrets redacted",
        ["GET /logging"] = "the minimum log level",
        ["POST /logging?level=debug"] = "changes the minimum log level (trace, debug, info, warn, error)",
        ["GET /sessions"] = "live MCP sessions and their upstream processes",
        ["POST /quitquitquit"] = "graceful shutdown (exit code 0)",
        ["GET /schema"] = "the JSON Schema of the configuration file",
        ["GET /requests?limit=50"] = "the last requests (up to 200), newest first: route, status, reason, duration, MCP method and tool, subject",
        ["GET /routes"] = "the routes in force with their MCP endpoint URLs, and the binds they belong to (secrets redacted)",
        ["POST /cel/evaluate"] = "evaluates a CEL rule against pasted claims; JSON body with expression, claims, environment, request, mcp",
        ["POST /playground/mcp?route=KEY"] = "relays an MCP request to the listener of a route (for the MCP playground of the web UI)",
        ["GET /ui/"] = "the web UI: configuration, sessions, requests, MCP and CEL playgrounds",
    });

    private readonly IGatewayStateAccessor _state;
    private readonly McpSessionStore _sessions;
    private readonly McpStatelessSessionPool _pool;
    private readonly RecentRequests _recent;
    private readonly UiAssets _ui;
    private readonly CelPlayground _cel;
    private readonly PlaygroundRelay _relay;
    private readonly GatewayLogLevel _logLevel;
    private readonly IOptionsMonitor<LoggerFilterOptions> _logFilters;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<AdminApi> _logger;
    private readonly Lazy<string> _schema = new(() => ConfigSchemaGenerator.Generate(ConfigDocumentation.Load(typeof(GatewayConfig).Assembly)));

    public AdminApi(
        IGatewayStateAccessor state, McpSessionStore sessions, McpStatelessSessionPool pool, RecentRequests recent, UiAssets ui,
        CelPlayground cel, PlaygroundRelay relay, GatewayLogLevel logLevel, IOptionsMonitor<LoggerFilterOptions> logFilters,
        IHostApplicationLifetime lifetime, ILogger<AdminApi> logger)
    {
        _state = state;
        _sessions = sessions;
        _pool = pool;
        _recent = recent;
        _ui = ui;
        _cel = cel;
        _relay = relay;
        _logLevel = logLevel;
        _logFilters = logFilters;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <summary>Serves the admin address.</summary>
    public Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var get = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var post = HttpMethods.IsPost(request.Method);
        if (IsRebound(context))
        {
            return WriteAsync(context, StatusCodes.Status403Forbidden,
                new AdminError("this admin address listens on loopback and answers only requests for a loopback host (localhost, 127.0.0.1, [::1]); " +
                    "a request for another host name comes from a web page that rebound its name to this host (DNS rebinding)"),
                AdminJsonContext.Relaxed.AdminError);
        }

        if (!get && IsCrossOrigin(request))
        {
            return WriteAsync(context, StatusCodes.Status403Forbidden,
                new AdminError("cross-origin requests are refused; call the admin API from a command line (curl) or its own web UI (/ui/) instead of another web page"),
                AdminJsonContext.Relaxed.AdminError);
        }

        if (UiAssets.IsUiPath(request.Path))
        {
            return get ? _ui.ServeAsync(context) : MethodNotAllowed(context, "GET, HEAD");
        }

        return request.Path.Value switch
        {
            "/" when get => WriteAsync(context, StatusCodes.Status200OK, s_index, AdminJsonContext.Relaxed.AdminIndex),
            "/config_dump" when get => ConfigDumpAsync(context),
            "/logging" when get => WriteAsync(context, StatusCodes.Status200OK, CurrentLevel(), AdminJsonContext.Relaxed.AdminLogLevel),
            "/logging" when post => SetLevelAsync(context),
            "/sessions" when get => WriteAsync(context, StatusCodes.Status200OK, ListSessions(), AdminJsonContext.Relaxed.AdminSessionList),
            "/quitquitquit" when post => QuitAsync(context),
            "/schema" when get => WriteTextAsync(context, "application/schema+json", _schema.Value),
            "/requests" when get => RequestsAsync(context),
            "/routes" when get => RoutesAsync(context),
            "/cel/evaluate" when post => EvaluateAsync(context),
            PlaygroundRelay.Path when post || HttpMethods.IsGet(request.Method) || HttpMethods.IsDelete(request.Method) => _relay.RelayAsync(context),
            "/" or "/config_dump" or "/sessions" or "/schema" or "/requests" or "/routes" => MethodNotAllowed(context, "GET, HEAD"),
            "/logging" => MethodNotAllowed(context, "GET, HEAD, POST"),
            "/cel/evaluate" => MethodNotAllowed(context, "POST"),
            PlaygroundRelay.Path => MethodNotAllowed(context, "GET, POST, DELETE"),
            "/quitquitquit" => MethodNotAllowed(context, "POST"),
            _ => WriteAsync(context, StatusCodes.Status404NotFound,
                new AdminError($"no such admin endpoint; GET / lists them"), AdminJsonContext.Relaxed.AdminError),
        };
    }

    private async Task ConfigDumpAsync(HttpContext context)
    {
        var snapshot = _state.Current;
        var buffer = new ArrayBufferWriter<byte>();
        // Read by people and tools, served as JSON with nosniff: no need to escape <, > or quotes as for HTML.
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("revision", snapshot.Revision);
            writer.WritePropertyName("config");
            ConfigDumpWriter.Write(writer, snapshot.Config);
            writer.WriteEndObject();
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private Task RequestsAsync(HttpContext context)
    {
        var limit = int.TryParse(context.Request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
        return WriteAsync(context, StatusCodes.Status200OK, new AdminRequestList(_recent.Capacity, _recent.Total, _recent.Newest(limit)),
            AdminJsonContext.Relaxed.AdminRequestList);
    }

    private async Task RoutesAsync(HttpContext context)
    {
        var snapshot = _state.Current;
        var buffer = new ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("revision", snapshot.Revision);
            writer.WriteStartArray("routes");
            foreach (var route in AdminRoutes.List(snapshot.Config, context.Request.Host.Host))
            {
                JsonSerializer.Serialize(writer, route, AdminJsonContext.Relaxed.AdminRouteInfo);
            }

            writer.WriteEndArray();

            // The binds as the snapshot serves them (the mcp: shortcut as the bind it stands for), secrets redacted.
            writer.WriteStartArray("binds");
            foreach (var bind in GatewaySnapshotBuilder.Normalize(snapshot.Config))
            {
                ConfigDumpWriter.Write(writer, bind);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private async Task EvaluateAsync(HttpContext context)
    {
        if (context.Request.ContentLength > CelPlayground.MaxBodyBytes)
        {
            await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {CelPlayground.MaxBodyBytes / 1024} KiB");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = CelPlayground.MaxBodyBytes;
        }

        CelEvaluateRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, AdminJsonContext.Relaxed.CelEvaluateRequest, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, $"the body is not the JSON expected ({ex.Message}); send {{\"expression\": \"...\", \"claims\": {{...}}}}");
            return;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {CelPlayground.MaxBodyBytes / 1024} KiB");
            return;
        }

        var (status, result) = await _cel.EvaluateAsync(body ?? new CelEvaluateRequest(null), context.RequestAborted);
        await WriteAsync(context, status, result, AdminJsonContext.Relaxed.CelEvaluateResult);
    }

    /// <summary>Writes an <see cref="AdminError"/> answer.</summary>
    internal static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteAsync(context, status, new AdminError(message), AdminJsonContext.Relaxed.AdminError);

    private AdminLogLevel CurrentLevel() => new(GatewayLogLevel.Format(_logLevel.Override ?? _logFilters.CurrentValue.MinLevel));

    private Task SetLevelAsync(HttpContext context)
    {
        var name = context.Request.Query["level"].ToString();
        if (!GatewayLogLevel.TryParse(name, out var level))
        {
            return WriteAsync(context, StatusCodes.Status400BadRequest,
                new AdminError(name.Length == 0
                    ? "give the level as a query parameter, e.g. POST /logging?level=debug (trace, debug, info, warn, error)"
                    : "unknown level; use one of trace, debug, info, warn, error"),
                AdminJsonContext.Relaxed.AdminError);
        }

        _logLevel.Set(level);
        Log.LevelChanged(_logger, GatewayLogLevel.Format(level));
        return WriteAsync(context, StatusCodes.Status200OK, CurrentLevel(), AdminJsonContext.Relaxed.AdminLogLevel);
    }

    private AdminSessionList ListSessions()
    {
        var list = new List<AdminSessionInfo>();
        foreach (var session in _sessions.All)
        {
            list.Add(Describe(session, "session"));
        }

        var count = list.Count;
        foreach (var session in _pool.Idle)
        {
            list.Add(Describe(session, "pooled"));
        }

        return new AdminSessionList(count, list);
    }

    private static AdminSessionInfo Describe(McpSession session, string kind)
    {
        var targets = new List<AdminUpstreamInfo>(session.Connections.Length);
        for (var i = 0; i < session.Connections.Length; i++)
        {
            var connection = session.Connections[i];
            targets.Add(new AdminUpstreamInfo(session.Backend.Targets[i].Name, connection is { IsAlive: true }, connection?.ProcessId));
        }

        return new AdminSessionInfo(
            session.Id[..Math.Min(8, session.Id.Length)],
            kind,
            session.Backend.Key,
            session.Owner is null ? "anonymous" : "present",
            session.ProtocolVersion,
            Math.Round(session.IdleTime.TotalSeconds, 1),
            session.IsBusy,
            targets);
    }

    private Task QuitAsync(HttpContext context)
    {
        Log.QuitRequested(_logger);

        // Stop once the answer is out: shutdown stops accepting, lets requests in flight finish, ends every session.
        context.Response.OnCompleted(() =>
        {
            _lifetime.StopApplication();
            return Task.CompletedTask;
        });
        return WriteTextAsync(context, "text/plain; charset=utf-8", "shutting down\n");
    }

    /// <summary>
    /// On a loopback admin address, a <c>Host</c> that is a DNS name other than <c>localhost</c>: only a web page whose name
    /// was rebound to 127.0.0.1 sends that, and it would otherwise be "same origin" with the admin API and its web UI.
    /// An IP literal is always accepted (a client that connects by address); an admin address on another interface is
    /// reached by whatever name the network gives it, so there the check does not apply.
    /// </summary>
    private static bool IsRebound(HttpContext context)
    {
        if (context.Connection.LocalIpAddress is not { } local || !IPAddress.IsLoopback(local))
        {
            return false;
        }

        var host = context.Request.Host.Host;
        return host.Length > 0
            && !IPAddress.TryParse(host, out _)
            && !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            && !host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsCrossOrigin(HttpRequest request) =>
        request.Headers.Origin.ToString() is { Length: > 0 } origin
        && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));

    private static Task MethodNotAllowed(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return WriteAsync(context, StatusCodes.Status405MethodNotAllowed,
            new AdminError($"method not allowed; use {allow}"), AdminJsonContext.Relaxed.AdminError);
    }

    private static Task WriteAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        return response.WriteAsJsonAsync(value, typeInfo, "application/json; charset=utf-8", context.RequestAborted);
    }

    private static Task WriteTextAsync(HttpContext context, string contentType, string text)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-store";
        return response.WriteAsync(text, context.RequestAborted);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Log level set to {Level} through the admin API")]
        public static partial void LevelChanged(ILogger logger, string level);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Shutdown requested through the admin API (/quitquitquit)")]
        public static partial void QuitRequested(ILogger logger);
    }
}
