using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AgentGateway.Config.Model;
using AgentGateway.Config.Schema;
using AgentGateway.Mcp.Sessions;
using AgentGateway.Proxy.State;
using AgentGateway.Telemetry;
using AgentGateway.Utilities;
using Microsoft.Extensions.Options;

namespace AgentGateway.Admin;

/// <summary>
/// The admin API, served only on <c>config.adminAddr</c> (loopback by default): the effective configuration with its
/// secrets redacted, the log level, the live MCP sessions and their processes, a graceful shutdown, and the
/// configuration's JSON Schema.
/// </summary>
/// <remarks>
/// <para>
/// A plain dispatcher on the path rather than endpoint routing: the admin API must not add endpoints to the
/// application's route table, which the data plane would then see.
/// </para>
/// <para>
/// It reads gateway state and changes nothing but the log level and the process's life. A <c>POST</c> from a web page
/// of another origin (a browser sends <c>Origin</c>) is refused, so a page open in a browser on the gateway's host
/// cannot stop it or change its logging through the loopback address.
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
    });

    private readonly IGatewayStateAccessor _state;
    private readonly McpSessionStore _sessions;
    private readonly McpStatelessSessionPool _pool;
    private readonly GatewayLogLevel _logLevel;
    private readonly IOptionsMonitor<LoggerFilterOptions> _logFilters;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<AdminApi> _logger;
    private readonly Lazy<string> _schema = new(() => ConfigSchemaGenerator.Generate(ConfigDocumentation.Load(typeof(GatewayConfig).Assembly)));

    public AdminApi(
        IGatewayStateAccessor state, McpSessionStore sessions, McpStatelessSessionPool pool, GatewayLogLevel logLevel,
        IOptionsMonitor<LoggerFilterOptions> logFilters, IHostApplicationLifetime lifetime, ILogger<AdminApi> logger)
    {
        _state = state;
        _sessions = sessions;
        _pool = pool;
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
        if (post && IsCrossOrigin(request))
        {
            return WriteAsync(context, StatusCodes.Status403Forbidden,
                new AdminError("cross-origin requests are refused; call the admin API from a command line (curl) instead of a web page"),
                AdminJsonContext.Default.AdminError);
        }

        return request.Path.Value switch
        {
            "/" when get => WriteAsync(context, StatusCodes.Status200OK, s_index, AdminJsonContext.Default.AdminIndex),
            "/config_dump" when get => ConfigDumpAsync(context),
            "/logging" when get => WriteAsync(context, StatusCodes.Status200OK, CurrentLevel(), AdminJsonContext.Default.AdminLogLevel),
            "/logging" when post => SetLevelAsync(context),
            "/sessions" when get => WriteAsync(context, StatusCodes.Status200OK, ListSessions(), AdminJsonContext.Default.AdminSessionList),
            "/quitquitquit" when post => QuitAsync(context),
            "/schema" when get => WriteTextAsync(context, "application/schema+json", _schema.Value),
            "/" or "/config_dump" or "/sessions" or "/schema" => MethodNotAllowed(context, "GET, HEAD"),
            "/logging" => MethodNotAllowed(context, "GET, HEAD, POST"),
            "/quitquitquit" => MethodNotAllowed(context, "POST"),
            _ => WriteAsync(context, StatusCodes.Status404NotFound,
                new AdminError($"no such admin endpoint; GET / lists them"), AdminJsonContext.Default.AdminError),
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
                AdminJsonContext.Default.AdminError);
        }

        _logLevel.Set(level);
        Log.LevelChanged(_logger, GatewayLogLevel.Format(level));
        return WriteAsync(context, StatusCodes.Status200OK, CurrentLevel(), AdminJsonContext.Default.AdminLogLevel);
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

    private static bool IsCrossOrigin(HttpRequest request) =>
        request.Headers.Origin.ToString() is { Length: > 0 } origin
        && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));

    private static Task MethodNotAllowed(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return WriteAsync(context, StatusCodes.Status405MethodNotAllowed,
            new AdminError($"method not allowed; use {allow}"), AdminJsonContext.Default.AdminError);
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
