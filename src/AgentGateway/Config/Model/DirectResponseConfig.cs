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

    /// <summary>
    /// The body, base64-encoded as in the reference (<c>b2s=</c> is <c>ok</c>), so that any bytes can be sent. Optional; at
    /// most 64 KiB once decoded. Sent without a <c>Content-Type</c>, as the reference does.
    /// </summary>
    public string? Body { get; init; }
}
