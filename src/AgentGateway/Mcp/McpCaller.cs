namespace AgentGateway.Mcp;

/// <summary>
/// Who is calling, as the authentication in front of the engine proved it; set in <see cref="McpRequestFeature.Caller"/>.
/// A session belongs to the caller that initialized it: another caller presenting its id is told the session does not
/// exist, so a leaked session id is useless without the owner's token.
/// </summary>
/// <remarks>Holds the caller's token for <c>backendAuth: {passthrough: {}}</c>; <see cref="ToString"/> never shows it.</remarks>
internal sealed class McpCaller(string principal, ReadOnlyMemory<char> bearerToken)
{
    private string? _bearerToken;

    /// <summary>An opaque key of the caller (issuer and subject).</summary>
    public string Principal { get; } = principal;

    /// <summary>
    /// The caller's validated token, for targets that are to receive it; null when there is none. Made a string only
    /// when asked (the request carries it as part of a header, query or cookie value).
    /// </summary>
    public string? BearerToken => bearerToken.IsEmpty ? null : _bearerToken ??= bearerToken.ToString();

    /// <inheritdoc/>
    public override string ToString() => "McpCaller";
}
