namespace AgentGateway.Proxy.Authentication;

/// <summary>Which policy authenticates a route; it decides the shape of a refusal.</summary>
internal enum AuthenticationPolicyKind
{
    /// <summary><c>mcpAuthentication</c>: 401 with a JSON body and an OAuth <c>WWW-Authenticate</c> challenge.</summary>
    Mcp,

    /// <summary><c>jwtAuth</c>: 401 with a JSON body and a plain <c>Bearer</c> challenge.</summary>
    Jwt,
}
