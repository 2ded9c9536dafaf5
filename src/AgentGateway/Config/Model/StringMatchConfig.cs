namespace AgentGateway.Config.Model;

/// <summary>A string condition: exactly one of <see cref="Exact"/> or <see cref="Regex"/>.</summary>
public sealed record StringMatchConfig
{
    /// <summary>The value must equal this.</summary>
    public string? Exact { get; init; }

    /// <summary>The whole value must match this regular expression.</summary>
    public string? Regex { get; init; }
}
