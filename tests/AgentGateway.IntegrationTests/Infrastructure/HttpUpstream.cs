using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A plain HTTP server on loopback for the gateway to forward to: every request goes to the given handler, and is
/// counted. Kestrel's body size limit is off, so that large uploads can be streamed through.
/// </summary>
public sealed class HttpUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private HttpUpstream(WebApplication app)
    {
        _app = app;
    }

    /// <summary><c>127.0.0.1:port</c>, as a route's <c>host</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>The port.</summary>
    public int Port { get; private set; }

    /// <summary>How many requests reached it.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Starts a server answering every request with <paramref name="handler"/>.</summary>
    public static async Task<HttpUpstream> StartAsync(RequestDelegate handler, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var upstream = new HttpUpstream(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref upstream._requests);
            return handler(context);
        });
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        upstream.Port = address.Port;
        upstream.Address = "127.0.0.1:" + address.Port.ToString(CultureInfo.InvariantCulture);
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
