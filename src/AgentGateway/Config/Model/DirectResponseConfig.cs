namespace AgentGateway.Config.Model;

/// <summary>
/// Answers the route's requests from the gateway, without a backend (a maintenance page, a fixed <c>robots.txt</c>, a
/// 404 for a path that must never reach a backend). The route then has no <c>backends</c>. Authentication and
/// authorization of the route still apply first.
/// </summary>
public sealed record DirectResponseConfig
{
    /// <summary>The status, 200–599. Required.</summary>
    public int? Status { get; init; }

    /// <summary>The body, as text (sent UTF-8 encoded, <c>text/plain</c>). Optional; at most 64 KiB.</summary>
    public string? Body { get; init; }
}
