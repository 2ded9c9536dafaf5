using System.Net;
using AgentGateway.TestMcpServer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.AspNetCore;

namespace AgentGateway.TestMcpServer;

/// <summary>
/// Starts the test MCP server. HTTP: streamable HTTP at <c>/mcp</c> (stateful sessions) and legacy SSE at <c>/sse</c>
/// (messages to <c>/message</c>), bound to 127.0.0.1 only. Stdio: MCP over stdin/stdout, logs on stderr.
/// </summary>
public static class TestServerHost
{
    /// <summary>Builds and starts the HTTP server in-process on 127.0.0.1:<paramref name="port"/> (0 = a free port).</summary>
    public static Task<WebApplication> StartHttpAsync(int port = 0, CancellationToken cancellationToken = default) =>
        StartHttpAsync(new TestServerOptions { Port = port }, cancellationToken);

    /// <summary>Builds and starts the HTTP server in-process. Dispose (or StopAsync) the returned app to stop it.</summary>
    public static async Task<WebApplication> StartHttpAsync(TestServerOptions options, CancellationToken cancellationToken = default)
    {
        var app = BuildHttp(options);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return app;
    }

    /// <summary>Builds (without starting) the HTTP server.</summary>
    public static WebApplication BuildHttp(TestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options with { Transport = TestServerTransport.Http };

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(TestServerHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        ConfigureLogging(builder.Logging, options.LogLevel);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port, listen =>
        {
            if (options.Https is { } https)
            {
                listen.UseHttps(https);
            }
        }));
        builder.Services.AddHttpContextAccessor();

        var mcp = builder.Services.AddTestMcpServer(options).WithHttpTransport(o =>
        {
            o.SessionMode = HttpServerSessionMode.Stateful;
            o.EnableLegacySse = true;
        });
        if (options.Resumable)
        {
            builder.Services.AddDistributedMemoryCache();
            mcp.WithDistributedCacheEventStreamStore();
        }

        var app = builder.Build();
        if (options.LocalhostOnly)
        {
            app.UseMiddleware<LocalhostOnlyMiddleware>();
        }

        if (options.LenientSessionProtocolVersion)
        {
            app.UseMiddleware<SessionProtocolVersionMiddleware>();
        }

        // Streamable HTTP at /mcp (also /mcp/sse + /mcp/message), and a second mapping at the root for the
        // legacy SSE pair /sse + /message (MapMcp always puts them under its own prefix; this also answers
        // streamable HTTP at "/", harmlessly).
        app.MapMcp("/mcp");
        app.MapMcp("");
        return app;
    }

    /// <summary>Base address of a started HTTP server, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public static Uri GetBaseUri(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The server has not been started.");
        return new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>Streamable HTTP endpoint, <c>http://127.0.0.1:port/mcp</c>.</summary>
    public static Uri GetMcpUri(WebApplication app) => new(GetBaseUri(app), "mcp");

    /// <summary>Legacy SSE endpoint, <c>http://127.0.0.1:port/sse</c>.</summary>
    public static Uri GetSseUri(WebApplication app) => new(GetBaseUri(app), "sse");

    /// <summary>Runs the server over stdin/stdout until stdin closes or <paramref name="cancellationToken"/> fires.</summary>
    public static async Task RunStdioAsync(TestServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options with { Transport = TestServerTransport.Stdio };

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = typeof(TestServerHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        ConfigureLogging(builder.Logging, options.LogLevel);
        builder.Services.AddTestMcpServer(options).WithStdioServerTransport();

        using var host = builder.Build();
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void ConfigureLogging(ILoggingBuilder logging, LogLevel level)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o => o.SingleLine = true);
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(level);
    }
}
