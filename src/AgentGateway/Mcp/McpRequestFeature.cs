namespace AgentGateway.Mcp;

/// <summary>
/// What the layers in front of the MCP engine tell it about one HTTP request, as one <see cref="HttpContext"/> feature:
/// who is calling, what the caller may use, how its calls are limited, and where the engine writes what the access log
/// needs. Each part is set by the layer that knows it (authentication, authorization, rate limits, logging), and the
/// engine reads them with one lookup per request instead of one per part.
/// </summary>
internal sealed class McpRequestFeature
{
    /// <summary>The caller proved by authentication; null for an anonymous one.</summary>
    public McpCaller? Caller { get; set; }

    /// <summary>What the caller may see and use; null when everything is allowed.</summary>
    public IMcpAccessPolicy? Access { get; set; }

    /// <summary>The limits on the caller's calls; null when none applies.</summary>
    public IMcpCallLimiter? Limiter { get; set; }

    /// <summary>Where the engine describes the request for the access log; null when nothing logs it.</summary>
    public McpRequestInfo? Info { get; set; }

    /// <summary>The request's feature, or null when no layer in front set any part.</summary>
    public static McpRequestFeature? Find(HttpContext context) => context.Features.Get<McpRequestFeature>();

    /// <summary>The request's feature, added on first use.</summary>
    public static McpRequestFeature For(HttpContext context)
    {
        if (context.Features.Get<McpRequestFeature>() is { } existing)
        {
            return existing;
        }

        var feature = new McpRequestFeature();
        context.Features.Set(feature);
        return feature;
    }
}
