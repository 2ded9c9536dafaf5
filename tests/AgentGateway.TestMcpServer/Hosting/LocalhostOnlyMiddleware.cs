using Microsoft.AspNetCore.Http;

namespace AgentGateway.TestMcpServer.Hosting;

/// <summary>
/// DNS-rebinding protection: refuses (403) any request whose Host, or Origin if present, isn't localhost, 127.0.0.1 or [::1].
/// </summary>
public sealed class LocalhostOnlyMiddleware(RequestDelegate next)
{
    /// <summary>Runs the check.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.Request.Host.Host;
        var origin = context.Request.Headers.Origin.ToString();
        var originOk = string.IsNullOrEmpty(origin)
            || (Uri.TryCreate(origin, UriKind.Absolute, out var originUri) && IsLoopbackName(originUri.Host));
        if (!IsLoopbackName(host) || !originOk)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                """{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Forbidden: Host/Origin is not localhost"}}""",
                context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host is "127.0.0.1" or "[::1]" or "::1";
}
