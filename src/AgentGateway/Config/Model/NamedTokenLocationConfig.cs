namespace AgentGateway.Config.Model;

/// <summary>A token in a query parameter or a cookie.</summary>
public sealed record NamedTokenLocationConfig
{
    /// <summary>The parameter or cookie name. Required.</summary>
    public string Name { get; init; } = "";
}
