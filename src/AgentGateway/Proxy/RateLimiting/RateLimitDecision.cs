namespace AgentGateway.Proxy.RateLimiting;

/// <summary>
/// The outcome of taking a token: whether it was granted, and what the <c>x-ratelimit-*</c> headers report — the
/// bucket's capacity, the tokens left, and the whole seconds until the next refill (rounded up, so a client that waits
/// that long finds a token).
/// </summary>
internal readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, long ResetSeconds)
{
    /// <summary>Whether this decision is tighter than <paramref name="other"/> (fewer tokens left, or a later refill): the one to report.</summary>
    public bool IsTighterThan(RateLimitDecision other) =>
        Remaining < other.Remaining || (Remaining == other.Remaining && ResetSeconds > other.ResetSeconds);
}
