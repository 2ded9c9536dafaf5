using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A real OTLP trace collector on loopback Kestrel: OTLP/HTTP (<c>POST /v1/traces</c>, protobuf) over HTTP/1.1, or OTLP/gRPC
/// (<c>TraceService/Export</c>) over cleartext HTTP/2. It records each export (path, content type, headers) and decodes
/// its spans with <see cref="OtlpTraceDecoder"/>.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    /// <summary>The gRPC method of trace exports.</summary>
    public const string GrpcPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpExport> _exports = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>The collector's base URL (<c>http://127.0.0.1:port</c>).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every export received, in order.</summary>
    public IReadOnlyList<OtlpExport> Exports => [.. _exports];

    /// <summary>Every span received.</summary>
    public IReadOnlyList<OtlpSpan> Spans => [.. _exports.SelectMany(e => e.Spans)];

    /// <summary>Starts a collector speaking gRPC (<paramref name="grpc"/>) or OTLP/HTTP.</summary>
    public static async Task<OtlpReceiver> StartAsync(bool grpc, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0,
            listen => listen.Protocols = grpc ? HttpProtocols.Http2 : HttpProtocols.Http1));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync(cancellationToken);
        receiver.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var isGrpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;
        var spans = isGrpc ? OtlpTraceDecoder.Decode(OtlpTraceDecoder.UnframeGrpc(body)) : OtlpTraceDecoder.Decode(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _exports.Enqueue(new OtlpExport(context.Request.Path.Value ?? "", context.Request.ContentType ?? "", context.Request.Protocol, headers, spans));

        if (isGrpc)
        {
            // An empty ExportTraceServiceResponse in one gRPC frame, then grpc-status 0 in the trailers.
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(new byte[5], context.RequestAborted);
            context.Response.AppendTrailer("grpc-status", "0");
        }
        else
        {
            context.Response.ContentType = "application/x-protobuf";
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One export request as the collector received it.</summary>
public sealed record OtlpExport(string Path, string ContentType, string Protocol, IReadOnlyDictionary<string, string> Headers, IReadOnlyList<OtlpSpan> Spans);
