namespace AgentGateway.Config.Model;

/// <summary>What a <c>localRateLimit</c> token pays for.</summary>
public enum RateLimitType
{
    /// <summary>One token per request (per <c>tools/call</c> for a key naming <c>mcp</c>).</summary>
    Requests,
}
