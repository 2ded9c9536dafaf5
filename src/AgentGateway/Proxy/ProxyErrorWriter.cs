using System.Text.Json;

namespace AgentGateway.Proxy;

/// <summary>The one place that turns a <see cref="ProxyError"/> into an HTTP answer.</summary>
internal static class ProxyErrorWriter
{
    /// <summary>Writes the status and a small JSON body naming the error (never echoing request data).</summary>
    public static Task WriteAsync(HttpContext context, ProxyError error)
    {
        var (status, code, message) = error switch
        {
            ProxyError.NoRoute => (StatusCodes.Status404NotFound, "route_not_found", "no route matches this request"),
            ProxyError.WellKnownNotFound => (StatusCodes.Status404NotFound, "not_found", "no such document"),
            _ => (StatusCodes.Status500InternalServerError, "internal_error", "internal error"),
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("error", code);
            writer.WriteString("error_description", message);
            writer.WriteEndObject();
        }

        return context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).AsTask();
    }
}
