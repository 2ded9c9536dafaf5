namespace AgentGateway.Config.Model;

/// <summary>The <c>config.logging</c> section.</summary>
public sealed record LoggingConfig
{
    /// <summary>Minimum level: <c>trace</c>, <c>debug</c>, <c>info</c>, <c>warn</c>, <c>error</c>. Default <c>info</c>.</summary>
    public string? Level { get; init; }

    /// <summary>Output format. Default <see cref="LogFormat.Text"/>.</summary>
    public LogFormat? Format { get; init; }
}
