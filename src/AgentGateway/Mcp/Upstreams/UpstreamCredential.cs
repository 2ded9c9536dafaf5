namespace AgentGateway.Mcp.Upstreams;

/// <summary>
/// The caller's current token, for targets with <c>backendAuth: {passthrough: {}}</c>. One per session (a session has one
/// caller); updated by every request of the session, so the target always sees the caller's latest token. Never logged.
/// </summary>
internal sealed class UpstreamCredential
{
    private volatile string? _token;

    /// <summary>The caller's token, or null.</summary>
    public string? Token
    {
        get => _token;
        set => _token = value;
    }

    /// <inheritdoc/>
    public override string ToString() => _token is null ? "(none)" : "(set)";
}
