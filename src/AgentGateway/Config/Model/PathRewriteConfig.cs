namespace AgentGateway.Config.Model;

/// <summary>A path rewrite: exactly one of <see cref="Full"/> or <see cref="Prefix"/>.</summary>
public sealed record PathRewriteConfig
{
    /// <summary>Replaces the whole path (e.g. <c>/v2/status</c>).</summary>
    public string? Full { get; init; }

    /// <summary>
    /// Replaces the part of the path that the route's <c>pathPrefix</c> matched: with <c>pathPrefix: /api</c> and
    /// <c>prefix: /v2</c>, <c>/api/users</c> goes to the backend as <c>/v2/users</c>. Every match of the route must then
    /// be a <c>pathPrefix</c> (a route without matches matches <c>/</c>).
    /// </summary>
    public string? Prefix { get; init; }
}
