using System.Net;
using AgentGateway.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace AgentGateway.IntegrationTests;

/// <summary>Runs alone: it measures the allocations of the whole process, which other tests would add to.</summary>
[CollectionDefinition(nameof(MeasuredAlone), DisableParallelization = true)]
public sealed class MeasuredAlone;

/// <summary>
/// A 50 MB body goes through a plain HTTP route in both directions without the gateway holding it: the upstream sees
/// the first megabyte before the client has sent the rest (and the client the first megabyte of a download before the
/// upstream has written the rest), and the process allocates a small fraction of the body size.
/// </summary>
[Collection(nameof(MeasuredAlone))]
public sealed class HttpStreamingTests
{
    private const long BodyBytes = 50L * 1024 * 1024;
    private const int Chunk = 64 * 1024;
    private const long FirstPart = 1024 * 1024;

    /// <summary>
    /// What the waiting side must have seen of the first part: most of it. Proxies and HTTP stacks may hold the last
    /// few kilobytes in a write buffer while the sender pauses; a gateway that buffered the body would deliver nothing.
    /// </summary>
    private const long SeenOfFirstPart = FirstPart / 2;

    /// <summary>
    /// Allocation budget for one 50 MB transfer through the gateway: client, gateway and upstream are all in this process,
    /// and so is whatever other tests still have running in the background (measured alone: 1–5 MB). The proof of
    /// streaming is causal (each side waits for the other to see the first megabyte); this bound catches a gateway that
    /// would also copy the body.
    /// </summary>
    private const long AllocationBudget = 40L * 1024 * 1024;

    [Fact]
    public async Task Upload_50MB_IsStreamedToTheUpstream_NotBuffered()
    {
        var ct = TestContext.Current.CancellationToken;
        long received = 0;
        var firstPartArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await HttpUpstream.StartAsync(async context =>
        {
            var buffer = new byte[Chunk];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                if (Interlocked.Add(ref received, read) >= SeenOfFirstPart)
                {
                    firstPartArrived.TrySetResult();
                }
            }

            await context.Response.WriteAsync(Interlocked.Read(ref received).ToString(System.Globalization.CultureInfo.InvariantCulture), context.RequestAborted);
        }, ct);
        await using var gateway = await GatewayTestHost.StartAsync(HttpRoute(upstream.Address), ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri, Timeout = TimeSpan.FromMinutes(5) };
        await WarmUpAsync(client, ct);
        Interlocked.Exchange(ref received, 0);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        using var content = new GeneratedContent(BodyBytes, waitAfterFirstPart: firstPartArrived.Task);
        using var response = await client.PostAsync("/upload", content, ct);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(BodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync(ct));
        TestContext.Current.TestOutputHelper?.WriteLine($"upload of {BodyBytes / (1024 * 1024)} MB: {allocated / (1024.0 * 1024):0.0} MB allocated in the process");
        Assert.True(allocated < AllocationBudget, $"{allocated / (1024.0 * 1024):0.0} MB allocated for a {BodyBytes / (1024 * 1024)} MB upload; the body was buffered");
    }

    [Fact]
    public async Task Download_50MB_IsStreamedToTheClient_NotBuffered()
    {
        var ct = TestContext.Current.CancellationToken;
        long read = 0;
        var firstPartRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await HttpUpstream.StartAsync(async context =>
        {
            if (context.Request.Path == "/warmup")
            {
                await context.Response.WriteAsync("ok", context.RequestAborted);
                return;
            }

            context.Response.ContentLength = BodyBytes;
            var buffer = new byte[Chunk];
            Array.Fill(buffer, (byte)'d');
            for (long sent = 0; sent < BodyBytes; sent += Chunk)
            {
                await context.Response.Body.WriteAsync(buffer, context.RequestAborted);
                if (sent + Chunk == FirstPart)
                {
                    // The client must see the first megabyte before the rest exists: a gateway that buffered would wait forever.
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await firstPartRead.Task.WaitAsync(TimeSpan.FromSeconds(30), context.RequestAborted);
                }
            }
        }, ct);
        await using var gateway = await GatewayTestHost.StartAsync(HttpRoute(upstream.Address), ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri, Timeout = TimeSpan.FromMinutes(5) };
        await WarmUpAsync(client, ct);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        using (var response = await client.GetAsync("/download", HttpCompletionOption.ResponseHeadersRead, ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[Chunk];
            int n;
            while ((n = await body.ReadAsync(buffer, ct)) > 0)
            {
                if ((read += n) >= SeenOfFirstPart)
                {
                    firstPartRead.TrySetResult();
                }
            }
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(BodyBytes, read);
        TestContext.Current.TestOutputHelper?.WriteLine($"download of {BodyBytes / (1024 * 1024)} MB: {allocated / (1024.0 * 1024):0.0} MB allocated in the process");
        Assert.True(allocated < AllocationBudget, $"{allocated / (1024.0 * 1024):0.0} MB allocated for a {BodyBytes / (1024 * 1024)} MB download; the body was buffered");
    }

    private static string HttpRoute(string address) => $$"""
        binds:
        - port: {port}
          listeners:
          - routes:
            - backends:
              - host: {{address}}
        """;

    /// <summary>One small request each way first, so that connection setup and first-call code paths are not measured.</summary>
    private static async Task WarmUpAsync(HttpClient client, CancellationToken ct)
    {
        using var warm = await client.PostAsync("/warmup", new ByteArrayContent(new byte[Chunk]), ct);
        _ = await warm.Content.ReadAsStringAsync(ct);
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    /// <summary>A request body of <c>length</c> bytes written from one reused buffer; after the first megabyte it waits for <c>waitAfterFirstPart</c>.</summary>
    private sealed class GeneratedContent(long length, Task waitAfterFirstPart) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            await SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var buffer = new byte[Chunk];
            Array.Fill(buffer, (byte)'u');
            for (long sent = 0; sent < length; sent += Chunk)
            {
                await stream.WriteAsync(buffer, cancellationToken);
                if (sent + Chunk == FirstPart)
                {
                    await stream.FlushAsync(cancellationToken);
                    await waitAfterFirstPart.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                }
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
