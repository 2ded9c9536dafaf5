namespace AgentGateway.Config.Model;

/// <summary>An authority rewrite.</summary>
public sealed record AuthorityRewriteConfig
{
    /// <summary>The <c>Host</c> header sent to the backend, <c>host</c> or <c>host:port</c>. Required.</summary>
    public string? Full { get; init; }
}
