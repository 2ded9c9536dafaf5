namespace AgentGateway.Proxy.RateLimiting;

/// <summary>The time buckets are driven with.</summary>
internal static class RateLimitClock
{
    /// <summary>Monotonic now, in <see cref="TimeSpan"/> ticks, from <paramref name="time"/> (a fake one in tests).</summary>
    /// <remarks>Computed in integers: <see cref="TimeProvider.GetElapsedTime(long)"/> goes through a double, which loses ticks on large timestamps.</remarks>
    public static long Now(TimeProvider time)
    {
        var timestamp = time.GetTimestamp();
        var frequency = time.TimestampFrequency;
        return frequency == TimeSpan.TicksPerSecond ? timestamp : (long)((Int128)timestamp * TimeSpan.TicksPerSecond / frequency);
    }
}
