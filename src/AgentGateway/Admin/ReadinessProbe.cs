namespace AgentGateway.Admin;

/// <summary>
/// <c>GET /healthz/ready</c> on the readiness address: <c>200 ready</c> once the configuration is loaded and every
/// listener is bound, <c>503</c> before that and from the moment shutdown begins (so a load balancer stops sending new
/// work while requests in flight finish).
/// </summary>
/// <remarks>
/// "Loaded and bound" is the host's <see cref="IHostApplicationLifetime.ApplicationStarted"/>: the configuration's
/// snapshot is published before the host starts, and the host reports started only after Kestrel has bound every
/// address and every hosted service (the first JWKS loads included) has started.
/// </remarks>
internal sealed class ReadinessProbe(IHostApplicationLifetime lifetime)
{
    /// <summary>The path, as the reference serves it.</summary>
    public const string Path = "/healthz/ready";

    /// <summary>Whether the gateway is ready to serve.</summary>
    public bool IsReady => lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>Serves the readiness address.</summary>
    public Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        if (context.Request.Path != Path)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return Task.CompletedTask;
        }

        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        if (IsReady)
        {
            response.StatusCode = StatusCodes.Status200OK;
            return response.WriteAsync("ready\n", context.RequestAborted);
        }

        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        var reason = lifetime.ApplicationStopping.IsCancellationRequested ? "shutting down" : "starting";
        return response.WriteAsync($"not ready: {reason}\n", context.RequestAborted);
    }
}
