namespace AgentGateway.Config.Model;

/// <summary>A token in a header.</summary>
public sealed record HeaderTokenLocationConfig
{
    /// <summary>Header name. Default <c>Authorization</c>.</summary>
    public string Name { get; init; } = "Authorization";

    /// <summary>Scheme before the token, matched case-insensitively and followed by a space. Default <c>Bearer</c>; empty for none.</summary>
    public string? Prefix { get; init; }
}
