namespace AgentGateway.Mcp.Upstreams;

/// <summary>The credential one target is sent (<c>backendAuth</c>, compiled). <see cref="ToString"/> never shows the secret.</summary>
internal sealed class McpUpstreamAuth
{
    private McpUpstreamAuth(McpUpstreamAuthKind kind, string? authorization)
    {
        Kind = kind;
        Authorization = authorization;
    }

    /// <summary>No credential.</summary>
    public static McpUpstreamAuth None { get; } = new(McpUpstreamAuthKind.None, null);

    /// <summary>The caller's token.</summary>
    public static McpUpstreamAuth Passthrough { get; } = new(McpUpstreamAuthKind.Passthrough, null);

    /// <summary>What is sent.</summary>
    public McpUpstreamAuthKind Kind { get; }

    /// <summary>For <see cref="McpUpstreamAuthKind.Static"/>: the whole <c>Authorization</c> value.</summary>
    public string? Authorization { get; }

    /// <summary>A fixed bearer credential.</summary>
    public static McpUpstreamAuth Bearer(string key) => new(McpUpstreamAuthKind.Static, "Bearer " + key);

    /// <inheritdoc/>
    public override string ToString() => Kind.ToString();
}
