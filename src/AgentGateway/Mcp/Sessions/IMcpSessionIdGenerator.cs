namespace AgentGateway.Mcp.Sessions;

/// <summary>Makes session ids.</summary>
/// <remarks>
/// Today an id is 256 random bits, meaningful only to the replica holding the session. The interface exists so that
/// a later version can issue self-contained ids (the upstream session state, encrypted and authenticated with a
/// shared key) that any replica can resume, as the reference and Envoy AI Gateway do for multi-replica setups.
/// Ids are visible ASCII (base64url), as the spec requires.
/// </remarks>
internal interface IMcpSessionIdGenerator
{
    /// <summary>A new, unguessable session id.</summary>
    string NewId();
}
