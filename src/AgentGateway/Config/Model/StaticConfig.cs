namespace AgentGateway.Config.Model;

/// <summary>The <c>config:</c> section: settings read once at startup.</summary>
public sealed record StaticConfig
{
    /// <summary>Address of the admin server (<c>ip:port</c>, <c>localhost:port</c> or <c>off</c>). Default <c>127.0.0.1:15000</c>.</summary>
    public string? AdminAddr { get; init; }

    /// <summary>Address of the Prometheus metrics server. Default <c>0.0.0.0:15020</c>.</summary>
    public string? StatsAddr { get; init; }

    /// <summary>Address of the readiness server. Default <c>0.0.0.0:15021</c>.</summary>
    public string? ReadinessAddr { get; init; }

    /// <summary>Log level and format. Optional.</summary>
    public LoggingConfig? Logging { get; init; }

    /// <summary>OpenTelemetry tracing (OTLP export and W3C trace context). Optional; without it no spans are created.</summary>
    public TracingConfig? Tracing { get; init; }

    /// <summary>MCP session settings. Optional.</summary>
    public McpStaticConfig? Mcp { get; init; }

    /// <summary>HTTP front-end limits (<c>maxBufferSize</c>). Optional.</summary>
    public HttpStaticConfig? Http { get; init; }
}
