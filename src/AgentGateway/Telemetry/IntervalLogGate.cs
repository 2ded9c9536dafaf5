namespace AgentGateway.Telemetry;

/// <summary>
/// Lets a repeated warning be logged at most once per interval, with the count of occurrences since the last one
/// logged, so that a flood of the same event (refusals under load) makes one line per interval, not one per event.
/// Thread-safe without a lock.
/// </summary>
internal sealed class IntervalLogGate
{
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _interval;
    private long _lastLogged;
    private int _sinceLogged;

    /// <param name="timeProvider">The clock.</param>
    /// <param name="interval">The least time between two lines; the first occurrence is always logged.</param>
    public IntervalLogGate(TimeProvider timeProvider, TimeSpan interval)
    {
        _timeProvider = timeProvider;
        _interval = interval;
        _lastLogged = timeProvider.GetTimestamp() - (long)(interval.TotalSeconds * timeProvider.TimestampFrequency);
    }

    /// <summary>Counts one occurrence; true when it is to be logged now, with <paramref name="count"/> occurrences since the last line.</summary>
    public bool Occurred(out int count)
    {
        count = Interlocked.Increment(ref _sinceLogged);
        var last = Interlocked.Read(ref _lastLogged);
        if (_timeProvider.GetElapsedTime(last) < _interval || Interlocked.CompareExchange(ref _lastLogged, _timeProvider.GetTimestamp(), last) != last)
        {
            return false;
        }

        Interlocked.Add(ref _sinceLogged, -count);
        return true;
    }
}
