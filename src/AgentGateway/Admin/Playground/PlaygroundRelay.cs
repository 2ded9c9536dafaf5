using System.Globalization;
using System.Net;
using AgentGateway.Proxy.State;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace AgentGateway.Admin.Playground;

/// <summary>
/// <c>/playground/mcp?route=KEY</c> on the admin address: relays the web UI's MCP requests (POST, the GET stream, DELETE)
/// to the route's own listener on loopback, and streams the answer back as it comes (JSON or SSE).
/// </summary>
/// <remarks>
/// <para>
/// Why a relay: the UI is served by the admin address, a different origin from every listener. Calling a listener from
/// the page would need CORS on the route, which the operator may not want (and should not have to add to try a token).
/// Through the relay the page only talks to its own origin, and the request reaches the gateway exactly as a client's
/// would: through the route's authentication, authorization, access log and metrics.
/// </para>
/// <para>
/// Only the headers MCP needs are forwarded (<c>Authorization</c>, <c>Mcp-Session-Id</c>, <c>MCP-Protocol-Version</c>,
/// <c>Accept</c>, <c>Content-Type</c>, <c>Last-Event-ID</c>), never cookies or <c>Origin</c>. The bearer token passes
/// through and is neither stored nor logged here. Only the gateway's own ports are reached: the target is a route of the
/// configuration in force, never a URL from the request.
/// </para>
/// </remarks>
internal sealed class PlaygroundRelay : IDisposable
{
    /// <summary>The relay's path on the admin address.</summary>
    public const string Path = "/playground/mcp";

    /// <summary>Largest request body relayed (an MCP request is far smaller).</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    private static readonly string[] s_requestHeaders =
        [HeaderNames.Authorization, "Mcp-Session-Id", "MCP-Protocol-Version", HeaderNames.Accept, "Last-Event-ID"];

    private static readonly string[] s_responseHeaders =
        ["Mcp-Session-Id", "MCP-Protocol-Version", HeaderNames.WWWAuthenticate, HeaderNames.CacheControl, HeaderNames.Allow];

    private readonly IGatewayStateAccessor _state;
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        // Loopback only: an http_proxy from the environment must not see the token, nor cookies be kept between users.
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    });

    public PlaygroundRelay(IGatewayStateAccessor state) => _state = state;

    /// <summary>Relays one request.</summary>
    public async Task RelayAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var key = request.Query["route"].ToString();
        if (AdminRoutes.Find(_state.Current.Config, key) is not { } route)
        {
            await AdminApi.WriteErrorAsync(context, StatusCodes.Status404NotFound,
                key.Length == 0 ? "give the route as ?route=KEY (GET /routes lists the keys)" : "no route has that key in the configuration in force; GET /routes lists them");
            return;
        }

        if (route.Path is null)
        {
            await AdminApi.WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                "the route matches paths by regular expression only; call it with a client at a path it matches");
            return;
        }

        if (route.Tls)
        {
            // The relay would have to present a client certificate to an mTLS listener and trust the listener's own
            // certificate: it does neither, rather than weaken either check.
            await AdminApi.WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                $"the route's listener is HTTPS; the playground relays to plain HTTP listeners only. Call {route.Url} with an MCP client instead");
            return;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            await AdminApi.WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "the request body is larger than the playground relays (1 MiB)");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        var port = route.Port.ToString(CultureInfo.InvariantCulture);
        using var outgoing = new HttpRequestMessage(new HttpMethod(request.Method), $"http://127.0.0.1:{port}{route.Path}");
        outgoing.Headers.Host = $"{route.HostHeader ?? "127.0.0.1"}:{port}";
        foreach (var name in s_requestHeaders)
        {
            if (request.Headers.TryGetValue(name, out var values))
            {
                outgoing.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if (HttpMethods.IsPost(request.Method))
        {
            outgoing.Content = new StreamContent(request.Body);
            if (request.ContentType is { } contentType)
            {
                outgoing.Content.Headers.TryAddWithoutValidation(HeaderNames.ContentType, contentType);
            }
        }

        HttpResponseMessage incoming;
        try
        {
            incoming = await _client.SendAsync(outgoing, context.RequestAborted);
        }
        catch (HttpRequestException ex)
        {
            await AdminApi.WriteErrorAsync(context, StatusCodes.Status502BadGateway, $"the route's listener did not answer on 127.0.0.1:{port}: {ex.Message}");
            return;
        }

        using (incoming)
        {
            response.StatusCode = (int)incoming.StatusCode;
            foreach (var name in s_responseHeaders)
            {
                if (incoming.Headers.TryGetValues(name, out var values) || incoming.Content.Headers.TryGetValues(name, out values))
                {
                    response.Headers[name] = values.ToArray();
                }
            }

            if (incoming.Content.Headers.ContentType is { } type)
            {
                response.ContentType = type.ToString();
            }

            // An SSE answer is written event by event: each read is flushed to the page as it arrives.
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await using var body = await incoming.Content.ReadAsStreamAsync(context.RequestAborted);
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    await response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                    await response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The page closed the stream (a GET stream, or the page went away).
            }
            catch (IOException)
            {
                // The listener ended the answer midway (the gateway is stopping, or the session ended): the status and
                // what came before are out; the page sees the stream end.
                context.Abort();
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();
}
