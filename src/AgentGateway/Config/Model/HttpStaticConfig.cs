namespace AgentGateway.Config.Model;

/// <summary>The <c>config.http</c> section: limits of the HTTP front end.</summary>
public sealed record HttpStaticConfig
{
    /// <summary>
    /// The largest request body, in bytes, the gateway reads into memory (every MCP POST is read whole to be parsed);
    /// a larger body gets 413. Default 2097152 (2 MiB), as the reference's <c>frontendPolicies.http.maxBufferSize</c>.
    /// </summary>
    public int? MaxBufferSize { get; init; }
}
