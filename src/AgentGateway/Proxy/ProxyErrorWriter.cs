using System.Text.Json;
using AgentGateway.Proxy.Authentication;

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
            ProxyError.MisdirectedRequest => (StatusCodes.Status421MisdirectedRequest, "misdirected_request",
                "this connection was made for another host name; open a new connection for this host"),
            ProxyError.WellKnownNotFound => (StatusCodes.Status404NotFound, "not_found", "no such document"),
            ProxyError.WellKnownMethodNotAllowed => (StatusCodes.Status405MethodNotAllowed, "method_not_allowed", "use GET"),
            ProxyError.AuthorizationServerUnavailable => (StatusCodes.Status502BadGateway, "temporarily_unavailable",
                "the identity provider's metadata could not be fetched; try again later"),
            ProxyError.UpstreamUnavailable => (StatusCodes.Status502BadGateway, "bad_gateway", "the backend could not be reached or failed to answer"),
            ProxyError.UpstreamTimeout => (StatusCodes.Status504GatewayTimeout, "gateway_timeout", "the backend did not answer in time"),
            ProxyError.AgentCardTooLarge => (StatusCodes.Status502BadGateway, "bad_gateway", "the agent card is too large to be rewritten"),
            _ => (StatusCodes.Status500InternalServerError, "internal_error", "internal error"),
        };
        if (error == ProxyError.WellKnownMethodNotAllowed)
        {
            context.Response.Headers.Allow = "GET, HEAD, OPTIONS";
        }

        return WriteBodyAsync(context, status, code, message);
    }

    /// <summary>Writes a 401 with its <c>WWW-Authenticate</c> challenge and a JSON body (RFC 6750 §3).</summary>
    public static Task WriteUnauthorizedAsync(HttpContext context, AuthenticationChallenge challenge)
    {
        context.Response.Headers.WWWAuthenticate = challenge.WwwAuthenticate;
        context.Response.Headers.CacheControl = "no-store";
        return WriteBodyAsync(context, StatusCodes.Status401Unauthorized, challenge.Error, challenge.Description);
    }

    /// <summary>
    /// Writes a 403 for a caller the authorization rules refuse. On an MCP-authenticated route it carries the challenge
    /// MCP clients use for step-up authorization (<c>error="insufficient_scope"</c>, with the route's scopes).
    /// </summary>
    public static Task WriteForbiddenAsync(HttpContext context, RouteAuthentication? authentication)
    {
        if (authentication is { Kind: AuthenticationPolicyKind.Mcp })
        {
            context.Response.Headers.WWWAuthenticate = RequestAuthenticator.Challenge(context.Request, authentication) + ", error=\"insufficient_scope\"";
        }

        return WriteBodyAsync(context, StatusCodes.Status403Forbidden, "insufficient_scope", "the caller is not allowed to make this request");
    }

    /// <summary>Writes a 429 for a request a <c>localRateLimit</c> rule refused, with <c>retry-after</c> in seconds (RFC 9110 §10.2.3).</summary>
    public static Task WriteRateLimitedAsync(HttpContext context, long retryAfterSeconds)
    {
        var seconds = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.RetryAfter = seconds;
        return WriteBodyAsync(context, StatusCodes.Status429TooManyRequests, "rate_limited", $"rate limit exceeded; retry after {seconds} s");
    }

    private static Task WriteBodyAsync(HttpContext context, int status, string code, string message)
    {
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
