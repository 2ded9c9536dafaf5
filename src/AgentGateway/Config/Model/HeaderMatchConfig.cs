namespace AgentGateway.Config.Model;

/// <summary>A header condition.</summary>
public sealed record HeaderMatchConfig
{
    /// <summary>Header name (case-insensitive). Required.</summary>
    public string Name { get; init; } = "";

    /// <summary>Value condition. Required.</summary>
    public StringMatchConfig? Value { get; init; }
}
