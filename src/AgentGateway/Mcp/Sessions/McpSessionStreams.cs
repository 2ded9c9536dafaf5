namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// The SSE streams of a session that a client can resume (<see cref="ResumableStream"/>): its GET stream, and the
/// streams of its POSTs answered with SSE, kept while their request runs and for a while after it ended.
/// </summary>
/// <remarks>
/// Bounded: at most <see cref="MaxKept"/> POST streams are kept, and <see cref="MaxKeptBytes"/> of their events. A new
/// stream, or events beyond the budget, make the gateway forget the oldest stream nobody listens to (one whose request
/// ended, first). A stream forgotten before its request ended cancels the request upstream: no client could get its
/// answer any more. The session reaper forgets the streams ended for longer than
/// <see cref="McpEngineOptions.StreamRetention"/> (<see cref="McpEngineOptions.DeliveredStreamRetention"/> once their
/// answer was written to the client).
/// </remarks>
internal sealed class McpSessionStreams
{
    /// <summary>POST streams kept per session, at most (besides those a client is reading).</summary>
    public const int MaxKept = 16;

    /// <summary>Bytes of events the POST streams of a session keep together, at most (besides those being read).</summary>
    public const long MaxKeptBytes = 4 * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<int, ResumableStream> _streams = [];
    private readonly TimeProvider _timeProvider;
    private int _lastNumber;
    private long _keptBytes;

    public McpSessionStreams(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        Get = new ResumableStream(0, timeProvider);
    }

    /// <summary>The session's GET stream (number 0).</summary>
    public ResumableStream Get { get; }

    /// <summary>POST streams kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _streams.Count;
            }
        }
    }

    /// <summary>Opens the stream answering a POST with SSE, and makes the caller its listener.</summary>
    public (ResumableStream Stream, ResumableStreamListener Listener) Open(RequestStream source, ReadOnlyMemory<byte> rawId, CancellationTokenSource? upstream)
    {
        ResumableStream stream;
        ResumableStream? forgotten = null;
        lock (_gate)
        {
            stream = new ResumableStream(++_lastNumber, _timeProvider, source, rawId, upstream, this);
            if (_streams.Count >= MaxKept && Oldest(except: null) is { } oldest)
            {
                forgotten = oldest;
                Forget(oldest);
            }

            _streams.Add(stream.Number, stream);
        }

        forgotten?.Abandon();
        return (stream, stream.TryListen()!);
    }

    /// <summary>The stream numbered <paramref name="number"/>, if the session still keeps it.</summary>
    public ResumableStream? Find(int number)
    {
        if (number == 0)
        {
            return Get;
        }

        lock (_gate)
        {
            return _streams.GetValueOrDefault(number);
        }
    }

    /// <summary>Bytes of events the POST streams keep now.</summary>
    public long KeptBytes => Interlocked.Read(ref _keptBytes);

    /// <summary>
    /// Forgets the POST streams nobody reads whose request ended more than <paramref name="retention"/> ago, or
    /// <paramref name="deliveredRetention"/> for those whose answer reached the client.
    /// </summary>
    public void Sweep(TimeSpan retention, TimeSpan deliveredRetention)
    {
        lock (_gate)
        {
            List<ResumableStream>? expired = null;
            foreach (var stream in _streams.Values)
            {
                if (stream.IsExpired(retention, deliveredRetention))
                {
                    (expired ??= []).Add(stream);
                }
            }

            foreach (var stream in expired ?? [])
            {
                Forget(stream);
            }
        }
    }

    /// <summary>A stream's kept events changed by <paramref name="change"/> bytes; beyond the budget, older streams are forgotten.</summary>
    internal void Kept(long change, ResumableStream writer)
    {
        if (Interlocked.Add(ref _keptBytes, change) <= MaxKeptBytes)
        {
            return;
        }

        List<ResumableStream>? forgotten = null;
        lock (_gate)
        {
            while (KeptBytes > MaxKeptBytes && Oldest(except: writer) is { } oldest)
            {
                Forget(oldest);
                (forgotten ??= []).Add(oldest);
            }
        }

        foreach (var stream in forgotten ?? [])
        {
            stream.Abandon();
        }
    }

    /// <summary>Removes a stream and its bytes from the budget (the caller holds the lock).</summary>
    private void Forget(ResumableStream stream)
    {
        if (_streams.Remove(stream.Number))
        {
            stream.IsForgotten = true;
            Interlocked.Add(ref _keptBytes, -stream.KeptBytes);
        }
    }

    /// <summary>The oldest stream nobody reads, preferring one whose request ended (the caller holds the lock).</summary>
    private ResumableStream? Oldest(ResumableStream? except)
    {
        ResumableStream? oldest = null, oldestEnded = null;
        foreach (var stream in _streams.Values)
        {
            if (stream == except || stream.IsListening)
            {
                continue;
            }

            if ((stream.IsFinished || stream.Source!.IsCompleted) && (oldestEnded is null || stream.Number < oldestEnded.Number))
            {
                oldestEnded = stream;
            }
            else if (oldest is null || stream.Number < oldest.Number)
            {
                oldest = stream;
            }
        }

        return oldestEnded ?? oldest;
    }
}
