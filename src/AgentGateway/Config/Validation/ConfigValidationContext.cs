namespace AgentGateway.Config.Validation;

/// <summary>What validators share during one validation: the source positions and the errors found so far.</summary>
internal sealed class ConfigValidationContext
{
    private readonly List<ConfigError> _errors = [];

    /// <summary>Creates a context that locates errors with <paramref name="sourceMap"/>.</summary>
    public ConfigValidationContext(ConfigSourceMap sourceMap)
    {
        SourceMap = sourceMap;
    }

    /// <summary>Positions of the nodes of the file being validated.</summary>
    public ConfigSourceMap SourceMap { get; }

    /// <summary>Errors found so far, in the order they were found.</summary>
    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <summary>Records an error about the node at <paramref name="path"/>. The message says what is wrong and what to do.</summary>
    public void AddError(ConfigPath path, string message) => _errors.Add(SourceMap.CreateError(path, message));

    /// <summary>Whether the file wrote the key at <paramref name="path"/>; used to tell "missing" from "invalid".</summary>
    public bool IsWritten(ConfigPath path) => SourceMap.Contains(path);
}
