namespace AgentGateway.Config.Model;

/// <summary>
/// The <c>config.tracing</c> section: export OpenTelemetry spans (one per request, one per request sent to an MCP target)
/// to an OTLP collector, and propagate W3C trace context to MCP targets. Without it the gateway creates no spans.
/// </summary>
public sealed record TracingConfig
{
    /// <summary>
    /// The collector's URL, <c>http://</c> or <c>https://</c> (e.g. <c>http://localhost:4317</c> for gRPC,
    /// <c>http://localhost:4318</c> for HTTP). Required. For <c>otlpProtocol: http</c> a URL without a path is sent to
    /// <c>/v1/traces</c> (or to <see cref="Path"/>); a URL with a path is used as written.
    /// </summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary>OTLP transport: <c>grpc</c> or <c>http</c> (protobuf). Default <c>grpc</c>, as in the reference.</summary>
    public OtlpProtocol? OtlpProtocol { get; init; }

    /// <summary>
    /// Headers sent with every export, e.g. a collector's API key. Values may use <c>${ENV}</c>; they are never logged, and
    /// <c>/config_dump</c> shows their names only.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The share of requests without an incoming sampled trace that start a new sampled trace: <c>true</c> (all),
    /// <c>false</c> (none) or a number from 0 to 1. Default <c>false</c>, as in the reference: only requests that arrive
    /// with a sampled <c>traceparent</c> are traced. CEL expressions (allowed by the reference) are not supported.
    /// </summary>
    [ConfigScalarTypes("boolean", "number", "string")]
    public string? RandomSampling { get; init; }

    /// <summary>
    /// The share of requests arriving with a sampled <c>traceparent</c> that are traced: <c>true</c> (all), <c>false</c>
    /// (none) or a number from 0 to 1. Default <c>true</c>, as in the reference. A request whose <c>traceparent</c> says
    /// "not sampled" is never traced.
    /// </summary>
    [ConfigScalarTypes("boolean", "number", "string")]
    public string? ClientSampling { get; init; }

    /// <summary>
    /// The URL path of <c>otlpProtocol: http</c> exports, in place of the path of <see cref="OtlpEndpoint"/>. Default: the
    /// endpoint's own path, or <c>/v1/traces</c> when it has none.
    /// </summary>
    public string? Path { get; init; }
}
