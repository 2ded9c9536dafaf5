namespace AgentGateway.Config.Model;

/// <summary>Rewrites the URL of requests forwarded to plain HTTP backends. The query string is always kept.</summary>
public sealed record UrlRewriteConfig
{
    /// <summary>The new path: exactly one of <c>full</c> or <c>prefix</c>.</summary>
    public PathRewriteConfig? Path { get; init; }

    /// <summary>The new authority (the <c>Host</c> header the backend sees).</summary>
    public AuthorityRewriteConfig? Authority { get; init; }
}
