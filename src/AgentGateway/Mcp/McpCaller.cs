namespace AgentGateway.Mcp;

/// <summary>
/// Who is calling, as the authentication in front of the engine proved it; set as an <see cref="HttpContext"/> feature.
/// A session belongs to the caller that initialized it: another caller presenting its id is told the session does not
/// exist, so a leaked session id is useless without the owner's token.
/// </summary>
/// <param name="Principal">An opaque key of the caller (issuer and subject).</param>
internal sealed record McpCaller(string Principal);
