using AgentGateway.Config.Model;
using AgentGateway.Config.Validation;
using AgentGateway.Mcp.Upstreams;
using AgentGateway.Telemetry;
using AgentGateway.Utilities;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AgentGateway.Hosting;

/// <summary>
/// Applies <c>config.tracing</c>: an enabled <see cref="GatewayTracing"/>, the OpenTelemetry tracer provider that samples
/// and exports its spans over OTLP, and the handler that puts W3C trace context on requests to HTTP MCP targets.
/// Without <c>config.tracing</c> none of this is registered: no listener, no handler, no span.
/// </summary>
/// <remarks>
/// <para>
/// Sampling is parent-based: a request whose <c>traceparent</c> is sampled is traced with probability
/// <c>clientSampling</c> (default 1), one whose <c>traceparent</c> is not sampled is never traced, and one without a
/// (valid) <c>traceparent</c> starts a trace with probability <c>randomSampling</c> (default 0). The client spans of the
/// calls to targets follow their server span.
/// </para>
/// <para>Read at startup: a changed <c>config.tracing</c> takes effect when the gateway restarts.</para>
/// </remarks>
internal static class GatewayTracingSetup
{
    /// <summary>Where OTLP/HTTP exports go when the endpoint has no path of its own.</summary>
    public const string DefaultHttpPath = "/v1/traces";

    /// <summary>Registers tracing for <paramref name="config"/> (validated); does nothing when it is null.</summary>
    /// <remarks>Call before the folders' <c>AddGatewayXxx</c>: their <c>TryAdd</c> of a disabled <see cref="GatewayTracing"/> then finds this one.</remarks>
    public static void AddServices(IServiceCollection services, TracingConfig? config)
    {
        if (config is null)
        {
            return;
        }

        services.TryAddSingleton(static _ => new GatewayTracing(enabled: true));
        services.TryAddTransient<TraceContextHandler>();
        services.AddHttpClient(McpUpstreamFactory.HttpClientName).AddHttpMessageHandler<TraceContextHandler>();

        var endpoint = ExportEndpoint(config);
        var protocol = config.OtlpProtocol == OtlpProtocol.Http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        var headers = config.Headers;
        var sampler = CreateSampler(
            SamplingRatio.Parse(config.RandomSampling, defaultRatio: 0),
            SamplingRatio.Parse(config.ClientSampling, defaultRatio: 1));
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("agentgateway", serviceVersion: GatewayVersion.Value))
            .WithTracing(tracing => tracing
                .AddSource(GatewayTracing.SourceName)
                .SetSampler(sampler)
                .AddOtlpExporter(otlp =>
                {
                    otlp.Endpoint = endpoint;
                    otlp.Protocol = protocol;
                    if (headers.Count > 0)
                    {
                        // Not OtlpExporterOptions.Headers: that string splits values at every comma.
                        var timeout = TimeSpan.FromMilliseconds(otlp.TimeoutMilliseconds);
                        otlp.HttpClientFactory = () => CreateExportClient(headers, timeout);
                    }
                }));
    }

    /// <summary>
    /// The URL exports are sent to: for gRPC the endpoint as written; for HTTP the endpoint's own path if it has one, else
    /// <c>path</c> (default <c>/v1/traces</c>).
    /// </summary>
    public static Uri ExportEndpoint(TracingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var endpoint = new Uri(config.OtlpEndpoint!, UriKind.Absolute);
        if (config.OtlpProtocol != OtlpProtocol.Http || (endpoint.AbsolutePath != "/" && config.Path is null))
        {
            return endpoint;
        }

        return new UriBuilder(endpoint) { Path = config.Path ?? DefaultHttpPath }.Uri;
    }

    /// <summary>The exporter's HTTP client (gRPC and OTLP/HTTP alike): <paramref name="headers"/> on every export.</summary>
    private static HttpClient CreateExportClient(IReadOnlyDictionary<string, string> headers, TimeSpan timeout)
    {
        var client = new HttpClient { Timeout = timeout };
        foreach (var (name, value) in headers)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }

        return client;
    }

    /// <summary>Parent-based sampling: see the remarks of <see cref="GatewayTracingSetup"/>.</summary>
    public static Sampler CreateSampler(double randomSampling, double clientSampling) =>
        new ParentBasedSampler(
            Ratio(randomSampling),
            remoteParentSampled: Ratio(clientSampling),
            remoteParentNotSampled: new AlwaysOffSampler(),
            localParentSampled: new AlwaysOnSampler(),
            localParentNotSampled: new AlwaysOffSampler());

    private static Sampler Ratio(double ratio) => ratio switch
    {
        >= 1 => new AlwaysOnSampler(),
        <= 0 => new AlwaysOffSampler(),
        _ => new TraceIdRatioBasedSampler(ratio),
    };
}
