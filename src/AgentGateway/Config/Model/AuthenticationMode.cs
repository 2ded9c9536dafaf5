namespace AgentGateway.Config.Model;

/// <summary>What an authentication policy does with a request that has no valid token.</summary>
public enum AuthenticationMode
{
    /// <summary>A valid token is required: a request without one, or with an invalid one, gets 401.</summary>
    Strict,

    /// <summary>A token is optional, but one that is sent must be valid: an invalid one gets 401.</summary>
    Optional,

    /// <summary>Requests without a valid token pass as anonymous (no claims); an invalid token is not refused.</summary>
    Permissive,
}
