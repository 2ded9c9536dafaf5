namespace AgentGateway.Config.Model;

/// <summary>Where a request carries its token: exactly one of the three. Default: the <c>Authorization: Bearer</c> header.</summary>
public sealed record TokenLocationConfig
{
    /// <summary>A header, with an optional scheme prefix.</summary>
    public HeaderTokenLocationConfig? Header { get; init; }

    /// <summary>A query parameter (never for MCP routes: the MCP specification forbids tokens in URLs).</summary>
    public NamedTokenLocationConfig? QueryParameter { get; init; }

    /// <summary>A cookie.</summary>
    public NamedTokenLocationConfig? Cookie { get; init; }
}
