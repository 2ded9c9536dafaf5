namespace AgentGateway.Proxy.RateLimiting;

/// <summary>
/// One token bucket: it starts full, gains <see cref="RateLimitParameters.TokensPerFill"/> tokens at the end of each
/// fill interval counted from its creation (up to <see cref="RateLimitParameters.MaxTokens"/>), and each request takes
/// one. The same refill arithmetic as the reference's (intervals elapsed since the scheduled refill, never drift).
/// </summary>
/// <remarks>
/// Time is passed in (monotonic <see cref="TimeSpan"/> ticks from the gateway's <see cref="TimeProvider"/>), so the
/// bucket is a pure state machine that tests drive with a fake clock. A bucket is guarded by its own lock: it is
/// touched by the callers of one key only, so contention stays local.
/// </remarks>
internal sealed class TokenBucket
{
    private readonly RateLimitParameters _parameters;
    private readonly Lock _gate = new();
    private long _available;
    private long _nextRefill;
    private bool _evicted;

    /// <summary>Creates a full bucket at <paramref name="now"/>.</summary>
    public TokenBucket(RateLimitParameters parameters, long now)
    {
        _parameters = parameters;
        _available = parameters.MaxTokens;
        _nextRefill = now + parameters.FillIntervalTicks;
    }

    /// <summary>Takes one token if there is one; null when the bucket was evicted from its table (look the key up again).</summary>
    public RateLimitDecision? TryAcquire(long now)
    {
        lock (_gate)
        {
            if (_evicted)
            {
                return null;
            }

            Refill(now);
            var allowed = _available > 0;
            if (allowed)
            {
                _available--;
            }

            return new RateLimitDecision(allowed, _parameters.MaxTokens, (int)_available, ResetSeconds(now));
        }
    }

    /// <summary>
    /// Marks the bucket evicted when it is full at <paramref name="now"/>: a full bucket is exactly what a new one would
    /// be, so dropping it changes no caller's allowance.
    /// </summary>
    public bool TryEvictIfFull(long now)
    {
        lock (_gate)
        {
            Refill(now);
            if (_available < _parameters.MaxTokens)
            {
                return false;
            }

            _evicted = true;
            return true;
        }
    }

    private void Refill(long now)
    {
        if (now < _nextRefill)
        {
            return;
        }

        var intervals = ((now - _nextRefill) / _parameters.FillIntervalTicks) + 1;
        _nextRefill += intervals * _parameters.FillIntervalTicks;
        _available = intervals >= _parameters.MaxTokens
            ? _parameters.MaxTokens
            : Math.Min(_parameters.MaxTokens, _available + (intervals * _parameters.TokensPerFill));
    }

    private long ResetSeconds(long now) => (_nextRefill - now + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
}
