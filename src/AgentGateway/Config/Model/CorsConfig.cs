namespace AgentGateway.Config.Model;

/// <summary>
/// Cross-origin requests from browsers (browser-based MCP clients such as the MCP Inspector). Answered before
/// authentication, so preflights are never challenged. On an MCP route the MCP headers are always allowed and exposed.
/// </summary>
public sealed record CorsConfig
{
    /// <summary>Origins allowed: exact (<c>https://app.example.com</c>), a subdomain wildcard (<c>https://*.example.com</c>), or <c>*</c>.</summary>
    public IReadOnlyList<string> AllowOrigins { get; init; } = [];

    /// <summary>Request headers allowed, or <c>*</c>. MCP headers, <c>content-type</c> and <c>authorization</c> are always allowed.</summary>
    public IReadOnlyList<string> AllowHeaders { get; init; } = [];

    /// <summary>Methods allowed, or <c>*</c>. Default: GET, POST, DELETE, OPTIONS.</summary>
    public IReadOnlyList<string> AllowMethods { get; init; } = [];

    /// <summary>Response headers exposed to scripts. <c>Mcp-Session-Id</c> and <c>WWW-Authenticate</c> always are.</summary>
    public IReadOnlyList<string> ExposeHeaders { get; init; } = [];

    /// <summary>Whether credentials (cookies) are allowed; the origin is then echoed instead of <c>*</c>.</summary>
    public bool AllowCredentials { get; init; }

    /// <summary>How long a browser may cache a preflight answer.</summary>
    public TimeSpan? MaxAge { get; init; }
}
