namespace AgentGateway.Proxy.Authentication;

/// <summary>What the request carries where the policy looks for a token.</summary>
internal enum TokenReadResult
{
    /// <summary>Nothing, or credentials of another scheme (RFC 6750 §3.1: no error code in the challenge).</summary>
    Absent,

    /// <summary>The scheme, but no usable token: empty, repeated headers, bad characters.</summary>
    Malformed,

    /// <summary>A token, to be validated.</summary>
    Present,
}
