namespace AgentGateway.Config.Model;

/// <summary>Extra fields of the access log.</summary>
public sealed record LoggingFieldsConfig
{
    /// <summary>Field name → CEL expression (e.g. <c>user: jwt.email</c>); a field whose expression errors is left out.</summary>
    public IReadOnlyDictionary<string, string> Add { get; init; } = new Dictionary<string, string>();
}
