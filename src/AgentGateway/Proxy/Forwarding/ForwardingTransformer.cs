using System.Net.Http.Headers;
using AgentGateway.Mcp;
using AgentGateway.Mcp.Upstreams;
using AgentGateway.Proxy.A2a;
using AgentGateway.Utilities;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace AgentGateway.Proxy.Forwarding;

/// <summary>
/// Shapes one attempt of a forwarded request (YARP copies method, headers and the streamed body; this adds the URL
/// rewrite, <c>X-Forwarded-*</c>, the backend credential) and looks at the response headers before they are copied: a
/// status to retry is held back, the time limits stop counting, and an A2A agent card is rewritten.
/// </summary>
/// <remarks>One instance per attempt: it carries what the attempt learned back to <see cref="HttpBackendForwarder"/>.</remarks>
internal sealed class ForwardingTransformer(
    HttpBackendModel model, McpUpstreamAuth auth, string matchedPrefix, bool mayRetry, Action onResponseHeaders, string? agentCardOrigin) : HttpTransformer
{
    /// <summary>The largest agent card the gateway rewrites; a card is a small JSON document.</summary>
    public const int MaxAgentCardBytes = 1024 * 1024;

    /// <summary>The status that was held back because it is to be retried, or 0.</summary>
    public int RetryStatus { get; private set; }

    /// <summary>Set when the response could not be passed on as is (e.g. an agent card over the size limit).</summary>
    public ProxyError? Failure { get; private set; }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var request = httpContext.Request;

        // As YARP's route pipeline by default (OriginalHost off): the backend gets its own address as Host, the client's
        // goes in X-Forwarded-Host.
        proxyRequest.Headers.Host = null;
        if (model.UrlRewrite is { } rewrite)
        {
            if (rewrite.RewritesPath)
            {
                var path = rewrite.Rewrite(request.Path.Value ?? "/", matchedPrefix);
                proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, new PathString(path), request.QueryString);
            }

            if (rewrite.Authority is { } authority)
            {
                proxyRequest.Headers.Host = authority;
            }
        }

        // YARP's default X-Forwarded transform ("Set"): values a client sent are replaced, never trusted.
        var headers = proxyRequest.Headers;
        headers.Remove("X-Forwarded-For");
        headers.Remove("X-Forwarded-Proto");
        headers.Remove("X-Forwarded-Host");
        headers.Remove("X-Forwarded-Prefix");
        if (httpContext.Connection.RemoteIpAddress is { } remote)
        {
            headers.TryAddWithoutValidation("X-Forwarded-For", remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4().ToString() : remote.ToString());
        }

        headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
        if (request.Host.HasValue)
        {
            headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);
        }

        if (request.PathBase.HasValue)
        {
            headers.TryAddWithoutValidation("X-Forwarded-Prefix", request.PathBase.Value);
        }

        switch (auth.Kind)
        {
            // Set as written, without parsing: the value was checked at load, and a parser's error would quote the key.
            case McpUpstreamAuthKind.Static:
                headers.Remove(HeaderNames.Authorization);
                headers.TryAddWithoutValidation(HeaderNames.Authorization, auth.Authorization);
                break;
            case McpUpstreamAuthKind.Passthrough when McpRequestFeature.Find(httpContext)?.Caller?.BearerToken is { } token:
                headers.Remove(HeaderNames.Authorization);
                headers.TryAddWithoutValidation(HeaderNames.Authorization, "Bearer " + token);
                break;
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is null)
        {
            return await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        }

        // The headers are in: the time limits stop here, the body streams for as long as it keeps moving.
        onResponseHeaders();
        if (mayRetry && model.Retry is { } retry && retry.Codes.Contains((int)proxyResponse.StatusCode))
        {
            RetryStatus = (int)proxyResponse.StatusCode;
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            return false;
        }

        if (agentCardOrigin is not null && proxyResponse.IsSuccessStatusCode && IsPlainJson(proxyResponse.Content.Headers))
        {
            return await RewriteAgentCardAsync(httpContext, proxyResponse, agentCardOrigin, cancellationToken);
        }

        return await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
    }

    private async ValueTask<bool> RewriteAgentCardAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, string origin, CancellationToken cancellationToken)
    {
        if (proxyResponse.Content.Headers.ContentLength > MaxAgentCardBytes)
        {
            return await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        }

        var read = await BoundedContent.ReadAsync(proxyResponse.Content, MaxAgentCardBytes, cancellationToken);
        if (read is not { } bytes)
        {
            Failure = ProxyError.AgentCardTooLarge;
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            return false;
        }

        await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        var body = bytes.ToArray();
        var rewritten = A2aAgentCard.Rewrite(body, origin) ?? body;
        var response = httpContext.Response;
        response.Headers.Remove(HeaderNames.ContentLength);
        response.ContentLength = rewritten.Length;
        if (!HttpMethods.IsHead(httpContext.Request.Method))
        {
            await response.Body.WriteAsync(rewritten, cancellationToken);
        }

        return false;
    }

    private static bool IsPlainJson(HttpContentHeaders headers) =>
        headers.ContentEncoding.Count == 0
        && headers.ContentType?.MediaType is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
