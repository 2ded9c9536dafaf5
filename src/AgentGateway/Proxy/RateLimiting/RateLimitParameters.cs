namespace AgentGateway.Proxy.RateLimiting;

/// <summary>The shape of a token bucket: capacity, refill amount and refill interval (in <see cref="TimeSpan"/> ticks).</summary>
internal readonly record struct RateLimitParameters(int MaxTokens, int TokensPerFill, long FillIntervalTicks)
{
    /// <summary>The parameters of <paramref name="maxTokens"/>, <paramref name="tokensPerFill"/> and <paramref name="fillInterval"/>, checked.</summary>
    public static RateLimitParameters Create(int maxTokens, int tokensPerFill, TimeSpan fillInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokensPerFill, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tokensPerFill, maxTokens);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(fillInterval, TimeSpan.Zero);
        return new RateLimitParameters(maxTokens, tokensPerFill, fillInterval.Ticks);
    }
}
