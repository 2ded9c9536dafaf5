namespace AgentGateway.Cel.Runtime;

/// <summary>Timestamp and duration ranges and arithmetic.</summary>
/// <remarks>
/// Timestamps span 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z (the protobuf range). Durations are
/// 64-bit nanosecond counts (about ±292 years), as in cel-go; results outside either range are errors.
/// </remarks>
internal static class CelTime
{
    public const long MinSeconds = -62135596800;
    public const long MaxSeconds = 253402300799;
    public const long NanosPerSecond = 1_000_000_000;

    public static bool InRange(long seconds) => seconds >= MinSeconds && seconds <= MaxSeconds;

    public static CelValue Timestamp(long seconds, int nanos) =>
        InRange(seconds) ? CelValue.ForTimestamp(seconds, nanos) : CelErrors.Range("timestamp out of range");

    public static CelValue AddDuration(in CelValue ts, long durationNanos)
    {
        long seconds = ts.Bits + (durationNanos / NanosPerSecond);
        long nanos = ts.Nanos + (durationNanos % NanosPerSecond);
        if (nanos >= NanosPerSecond)
        {
            seconds++;
            nanos -= NanosPerSecond;
        }
        else if (nanos < 0)
        {
            seconds--;
            nanos += NanosPerSecond;
        }

        return Timestamp(seconds, (int)nanos);
    }

    public static CelValue Subtract(in CelValue a, in CelValue b)
    {
        // Both timestamps are in range, so the second difference cannot overflow; the nanosecond total can.
        long seconds = a.Bits - b.Bits;
        long nanos = a.Nanos - b.Nanos;
        long high = Math.BigMul(seconds, NanosPerSecond, out long low);
        if (high != (low >> 63))
        {
            return CelErrors.Range("duration out of range");
        }

        long total = unchecked(low + nanos);
        if (((low ^ total) & (nanos ^ total)) < 0)
        {
            return CelErrors.Range("duration out of range");
        }

        return CelValue.ForDuration(total);
    }

    public static DateTimeOffset ToDateTimeOffset(in CelValue ts) =>
        new(DateTime.UnixEpoch.Ticks + (ts.Bits * TimeSpan.TicksPerSecond) + (ts.Nanos / 100), TimeSpan.Zero);
}
