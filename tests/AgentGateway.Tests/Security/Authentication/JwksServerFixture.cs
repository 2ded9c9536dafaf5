using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentGateway.Tests.Security.Authentication;

/// <summary>
/// A real JWKS server on loopback (Kestrel), shared by the tests of a class. Each test takes its own
/// <see cref="JwksEndpoint"/> (own path, own script, own request count).
/// </summary>
public sealed class JwksServerFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, JwksEndpoint> _endpoints = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>A client that does not follow redirects, as the gateway's.</summary>
    public HttpClient Client { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A new endpoint serving <paramref name="keys"/>.</summary>
    internal JwksEndpoint CreateEndpoint(params TestKey[] keys)
    {
        var path = "/jwks/" + Guid.NewGuid().ToString("N");
        var endpoint = new JwksEndpoint(new Uri(BaseUrl, path)) { Body = TestTokenFactory.Jwks(keys) };
        _endpoints[path] = endpoint;
        return endpoint;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!_endpoints.TryGetValue(context.Request.Path.Value ?? "", out var endpoint))
        {
            context.Response.StatusCode = 404;
            return;
        }

        endpoint.CountRequest();
        var script = endpoint.Current;
        if (script.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(script.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = script.Status;
        if (script.RedirectTo is not null)
        {
            context.Response.Headers.Location = script.RedirectTo;
            return;
        }

        if (script.CacheControl is not null)
        {
            context.Response.Headers.CacheControl = script.CacheControl;
        }

        context.Response.ContentType = script.ContentType;
        await context.Response.WriteAsync(script.Body, context.RequestAborted);
    }
}

/// <summary>One scriptable JWKS URL: what it answers, how slowly, and how often it was asked.</summary>
internal sealed class JwksEndpoint(Uri url)
{
    private volatile Script _script = new();
    private int _requests;

    public Uri Url { get; } = url;

    public int Requests => Volatile.Read(ref _requests);

    public Script Current => _script;

    public string Body { get => _script.Body; set => _script = _script with { Body = value }; }

    public int Status { get => _script.Status; set => _script = _script with { Status = value }; }

    public TimeSpan Delay { get => _script.Delay; set => _script = _script with { Delay = value }; }

    public string? CacheControl { get => _script.CacheControl; set => _script = _script with { CacheControl = value }; }

    public string? RedirectTo { get => _script.RedirectTo; set => _script = _script with { RedirectTo = value }; }

    public string ContentType { get => _script.ContentType; set => _script = _script with { ContentType = value }; }

    public void SetKeys(params TestKey[] keys) => Body = TestTokenFactory.Jwks(keys);

    public void CountRequest() => Interlocked.Increment(ref _requests);

    internal sealed record Script
    {
        public string Body { get; init; } = """{"keys":[]}""";

        public int Status { get; init; } = 200;

        public TimeSpan Delay { get; init; }

        public string? CacheControl { get; init; }

        public string? RedirectTo { get; init; }

        public string ContentType { get; init; } = "application/json";
    }
}
