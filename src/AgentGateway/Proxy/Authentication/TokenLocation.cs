namespace AgentGateway.Proxy.Authentication;

/// <summary>Where a route's policy reads the token, compiled from <c>location</c>.</summary>
/// <param name="Kind">Header, query parameter or cookie.</param>
/// <param name="Name">The header, parameter or cookie name.</param>
/// <param name="Scheme">For a header: the scheme before the token (matched case-insensitively, RFC 7235), or empty for none.</param>
internal sealed record TokenLocation(TokenLocationKind Kind, string Name, string Scheme)
{
    /// <summary><c>Authorization: Bearer &lt;token&gt;</c>, the only place MCP clients put tokens.</summary>
    public static TokenLocation AuthorizationBearer { get; } = new(TokenLocationKind.Header, "Authorization", "Bearer");
}
