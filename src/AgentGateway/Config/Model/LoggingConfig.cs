namespace AgentGateway.Config.Model;

/// <summary>The <c>config.logging</c> section.</summary>
public sealed record LoggingConfig
{
    /// <summary>Minimum level: <c>trace</c>, <c>debug</c>, <c>info</c>, <c>warn</c>, <c>error</c>. Default <c>info</c>.</summary>
    public string? Level { get; init; }

    /// <summary>Output format. Default <see cref="LogFormat.Text"/>.</summary>
    public LogFormat? Format { get; init; }

    /// <summary>A CEL expression: a request is written to the access log only when it is true (e.g. <c>response.code >= 400</c>).</summary>
    public string? Filter { get; init; }

    /// <summary>Extra access-log fields computed with CEL.</summary>
    public LoggingFieldsConfig? Fields { get; init; }
}
