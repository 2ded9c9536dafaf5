namespace AgentGateway.Proxy.RateLimiting;

/// <summary>The time buckets are driven with, and the labels of the rate-limit metric.</summary>
internal static class RateLimitClock
{
    /// <summary>The <c>scope</c> label of a refused HTTP request.</summary>
    public const string HttpScope = "http";

    /// <summary>The <c>scope</c> label of a refused MCP call.</summary>
    public const string McpScope = "mcp";

    /// <summary>Monotonic now, in <see cref="TimeSpan"/> ticks, from <paramref name="time"/> (a fake one in tests).</summary>
    /// <remarks>Computed in integers: <see cref="TimeProvider.GetElapsedTime(long)"/> goes through a double, which loses ticks on large timestamps.</remarks>
    public static long Now(TimeProvider time)
    {
        var timestamp = time.GetTimestamp();
        var frequency = time.TimestampFrequency;
        return frequency == TimeSpan.TicksPerSecond ? timestamp : (long)((Int128)timestamp * TimeSpan.TicksPerSecond / frequency);
    }
}
