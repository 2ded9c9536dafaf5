namespace AgentGateway.Config.Model;

/// <summary>A path condition: exactly one of <see cref="Exact"/>, <see cref="PathPrefix"/> or <see cref="Regex"/>.</summary>
public sealed record PathMatchConfig
{
    /// <summary>The path must equal this value.</summary>
    public string? Exact { get; init; }

    /// <summary>The path must start with this value, on a segment boundary (<c>/mcp</c> matches <c>/mcp/x</c>, not <c>/mcpx</c>).</summary>
    public string? PathPrefix { get; init; }

    /// <summary>The whole path must match this regular expression.</summary>
    public string? Regex { get; init; }
}
