using AgentGateway.Config.Model;
using AgentGateway.Security.Tls;
using AgentGateway.Telemetry;
using ModelContextProtocol.Client;

namespace AgentGateway.Mcp.Upstreams;

/// <summary>Connects targets: our own child-process framing for stdio, the MCP SDK's HTTP transports for SSE and streamable HTTP.</summary>
internal sealed partial class McpUpstreamFactory : IMcpUpstreamFactory
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IHttpMessageHandlerFactory _handlerFactory;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<McpUpstreamFactory> _logger;
    private readonly GatewayMetrics? _metrics;
    private readonly GatewayTracing? _tracing;
    private readonly StdioEnvironment _stdioEnvironment;

    public McpUpstreamFactory(
        IHttpClientFactory httpClientFactory, IHttpMessageHandlerFactory handlerFactory, ILoggerFactory loggerFactory, GatewayMetrics? metrics = null,
        GatewayTracing? tracing = null, StdioEnvironment? stdioEnvironment = null)
    {
        _tracing = tracing;
        _stdioEnvironment = stdioEnvironment ?? StdioEnvironment.Inherited;
        _httpClientFactory = httpClientFactory;
        _handlerFactory = handlerFactory;
        _loggerFactory = loggerFactory;
        _metrics = metrics;
        _logger = loggerFactory.CreateLogger<McpUpstreamFactory>();
    }

    /// <summary>Name of the <see cref="HttpClient"/> used for HTTP targets.</summary>
    public const string HttpClientName = "mcp-upstream";

    public async Task<IMcpUpstream> ConnectAsync(McpTargetConfig target, McpUpstreamAuth auth, UpstreamCredential credential, BackendTlsSettings? tls, CancellationToken cancellationToken)
    {
        if (target.Stdio is { } stdio)
        {
            // Starting a process blocks for a fork and exec: not on a socket engine's thread (GatewayProcess).
            return await Task.Run(() => StdioMcpUpstream.Start(target.Name, stdio, _logger, _metrics, _stdioEnvironment), cancellationToken);
        }

        HttpClientTransport transport = target switch
        {
            { Mcp: { } http } => CreateHttp(target.Name, http, HttpTransportMode.StreamableHttp, auth, credential, tls, target.Policies?.RequestHeaderModifier),
            { Sse: { } sse } => CreateHttp(target.Name, sse, HttpTransportMode.Sse, auth, credential, tls, target.Policies?.RequestHeaderModifier),
            _ => throw new McpUpstreamException(target.Name, McpUpstreamError.StartFailed, $"MCP target '{target.Name}' has no transport"),
        };

        try
        {
            var connected = await transport.ConnectAsync(cancellationToken);
            return new TransportMcpUpstream(target.Name, connected);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Log.UpstreamStartFailed(_logger, target.Name, ex);
            throw new McpUpstreamException(target.Name, McpUpstreamError.StartFailed,
                $"MCP target '{target.Name}' failed to start: {(ex.InnerException ?? ex).Message}", ex);
        }
    }

    private HttpClientTransport CreateHttp(
        string name, HttpTargetConfig http, HttpTransportMode mode, McpUpstreamAuth auth, UpstreamCredential credential, BackendTlsSettings? tls,
        HeaderModifierConfig? headers)
    {
        var endpoint = BuildUri(http, mode);
        HttpClient client;
        if (tls is null && auth.Kind != McpUpstreamAuthKind.Passthrough && headers is null)
        {
            client = _httpClientFactory.CreateClient(HttpClientName);
        }
        else
        {
            // A target with its own TLS settings gets the handler made for them (shared by its sessions; with the trace
            // context on top when tracing is on); the others the pooled handler of the named client. Then the target's
            // header edits and/or the caller's current token (passthrough).
            HttpMessageHandler handler = tls is null ? _handlerFactory.CreateHandler(HttpClientName)
                : _tracing is { Enabled: true } ? new TraceContextHandler(_tracing) { InnerHandler = tls.Handler }
                : tls.Handler;
            if (auth.Kind == McpUpstreamAuthKind.Passthrough)
            {
                handler = new UpstreamCredentialHandler(credential) { InnerHandler = handler };
            }

            if (headers is not null)
            {
                handler = new UpstreamHeaderHandler(headers) { InnerHandler = handler };
            }

            client = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        }

        return new HttpClientTransport(new HttpClientTransportOptions
        {
            AdditionalHeaders = auth.Authorization is { } authorization ? new Dictionary<string, string> { ["Authorization"] = authorization } : null,
            Name = name,
            Endpoint = endpoint,
            TransportMode = mode,
            ConnectionTimeout = TimeSpan.FromSeconds(30),
            EnableStandaloneGetStream = true,
            MaxReconnectionAttempts = 2,
        }, client, _loggerFactory, ownsHttpClient: true);
    }

    /// <summary>The URL of an HTTP target: <c>host</c> as a full URL, or <c>http://host:port/path</c>.</summary>
    public static Uri BuildUri(HttpTargetConfig http, HttpTransportMode mode)
    {
        if (Uri.TryCreate(http.Host, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
        {
            return absolute;
        }

        var port = http.Port ?? 80;
        var path = http.Path ?? (mode == HttpTransportMode.Sse ? "/sse" : "/mcp");
        var scheme = port == 443 ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
        return new UriBuilder(scheme, http.Host, port, path).Uri;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "MCP target '{Target}' failed to start.")]
        public static partial void UpstreamStartFailed(ILogger logger, string target, Exception exception);

    }
}
