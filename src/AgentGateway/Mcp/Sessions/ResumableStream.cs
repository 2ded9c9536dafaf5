using System.Diagnostics.CodeAnalysis;

namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// One SSE stream of a session as a client can resume it after losing its connection (streamable HTTP resumability):
/// the events sent on it, numbered and kept, so that a <c>GET</c> with <c>Last-Event-ID</c> gets what came after the
/// last event the client saw; the connection writing it now; and, for the stream answering a POST, the request's
/// messages not sent yet (<see cref="Source"/>), which keep coming while no client listens.
/// </summary>
/// <remarks>
/// Stream 0 is the session's GET stream; the streams of POSTs are numbered from 1 (<see cref="McpSessionStreams"/>).
/// Event ids are <c>{stream}_{sequence}</c> (<see cref="Protocol.McpEventId"/>). Only the listener adds events; a new listener
/// starts once the previous one has let go, so the events it replays include every one the previous listener took.
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The listener belongs to the connection writing the stream, which disposes it; the stream only knows which one it is.")]
internal sealed class ResumableStream
{
    /// <summary>Events of a POST's stream kept for a resuming client, at most; the oldest go first, the last one never.</summary>
    public const int MaxKeptEvents = 1000;

    /// <summary>Bytes of events of a POST's stream kept, at most (the last event is kept whatever its size).</summary>
    public const int MaxKeptBytes = 1024 * 1024;

    /// <summary>Events of the GET stream kept, at most: it lives as long as its session, and carries notifications.</summary>
    public const int MaxKeptGetEvents = 100;

    /// <summary>Bytes of events of the GET stream kept, at most.</summary>
    public const int MaxKeptGetBytes = 256 * 1024;

    private readonly Lock _gate = new();
    private readonly Queue<(long Sequence, byte[] Event)> _sent = new();
    private readonly TimeProvider _timeProvider;
    private readonly McpSessionStreams? _owner;
    private readonly CancellationTokenSource? _upstream;
    private readonly int _maxEvents;
    private readonly int _maxBytes;
    private long _keptBytes;
    private long _lastSequence;
    private ResumableStreamListener? _listener;
    private long _dropAfter;

    /// <param name="number">The stream's number in its session.</param>
    /// <param name="timeProvider">Clock of how long an ended stream is kept.</param>
    /// <param name="source">The messages answering the POST that opened the stream; null for the GET stream.</param>
    /// <param name="rawId">The client's id of that request, as JSON bytes, for a final answer relayed as bytes.</param>
    /// <param name="upstream">Cancels the request upstream; used when the stream is given up before its answer.</param>
    /// <param name="owner">The session's streams, told how many bytes this one keeps (a budget for them all).</param>
    public ResumableStream(
        int number, TimeProvider timeProvider, RequestStream? source = null, ReadOnlyMemory<byte> rawId = default,
        CancellationTokenSource? upstream = null, McpSessionStreams? owner = null)
    {
        Number = number;
        _timeProvider = timeProvider;
        Source = source;
        RawId = rawId;
        _upstream = upstream;
        _owner = owner;
        (_maxEvents, _maxBytes) = source is null ? (MaxKeptGetEvents, MaxKeptGetBytes) : (MaxKeptEvents, MaxKeptBytes);
    }

    /// <summary>Bytes of the events kept now.</summary>
    public long KeptBytes
    {
        get
        {
            lock (_gate)
            {
                return _keptBytes;
            }
        }
    }

    /// <summary>
    /// Whether the final answer was written to a connection in full: the client most likely has it, and the stream is
    /// kept only briefly after (<see cref="McpEngineOptions.DeliveredStreamRetention"/>).
    /// </summary>
    public bool IsDelivered { get; private set; }

    /// <summary>The stream's number in its session (0: the GET stream).</summary>
    public int Number { get; }

    /// <summary>The messages of the request that opened the stream, still to send; null for the GET stream.</summary>
    public RequestStream? Source { get; }

    /// <summary>The client's id of that request as JSON (for a final answer kept as bytes).</summary>
    public ReadOnlyMemory<byte> RawId { get; }

    /// <summary>Whether the request's final answer is among the events (nothing more will come).</summary>
    public bool IsFinished { get; private set; }

    /// <summary>The sequence number of the last event, 0 before the first.</summary>
    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _lastSequence;
            }
        }
    }

    /// <summary>Whether a connection writes the stream now.</summary>
    public bool IsListening
    {
        get
        {
            lock (_gate)
            {
                return _listener is not null;
            }
        }
    }

    /// <summary>Becomes the stream's listener, or null when a connection writes it already.</summary>
    public ResumableStreamListener? TryListen()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return null;
            }

            _dropAfter = 0;
            return _listener = new ResumableStreamListener(this);
        }
    }

    /// <summary>Becomes the stream's listener, taking over from the connection that writes it now, if any.</summary>
    public async ValueTask<ResumableStreamListener> ListenAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ResumableStreamListener current;
            lock (_gate)
            {
                if (_listener is null)
                {
                    _dropAfter = 0;
                    return _listener = new ResumableStreamListener(this);
                }

                current = _listener;
            }

            current.TakeOver();
            await current.Released.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Numbers the next event and keeps it (by the listener, before it writes the event).</summary>
    public void Add(Func<long, byte[]> format, out byte[] sent, bool final = false)
    {
        long change;
        lock (_gate)
        {
            var before = _keptBytes;
            var sequence = ++_lastSequence;
            sent = format(sequence);
            _sent.Enqueue((sequence, sent));
            _keptBytes += sent.Length;
            while (_sent.Count > 1 && (_sent.Count > _maxEvents || _keptBytes > _maxBytes))
            {
                _keptBytes -= _sent.Dequeue().Event.Length;
            }

            IsFinished |= final;
            change = _keptBytes - before;
        }

        // Outside the lock: the session's budget may make it forget other streams, which takes their locks.
        if (!IsForgotten)
        {
            _owner?.Kept(change, this);
        }
    }

    /// <summary>Whether the session has forgotten the stream (its bytes no longer count in the session's budget).</summary>
    public bool IsForgotten { get; set; }

    /// <summary>The final answer reached the client's connection (the listener's write of it completed).</summary>
    public void MarkDelivered() => IsDelivered = IsFinished;

    /// <summary>The kept events that came after event <paramref name="sequence"/>, oldest first.</summary>
    public List<byte[]> EventsAfter(long sequence)
    {
        lock (_gate)
        {
            var events = new List<byte[]>();
            foreach (var (s, e) in _sent)
            {
                if (s > sequence)
                {
                    events.Add(e);
                }
            }

            return events;
        }
    }

    /// <summary>
    /// Whether the stream may be forgotten: nobody listens, its request is over, and that has been so for
    /// <paramref name="retention"/>, or <paramref name="deliveredRetention"/> once its answer was delivered (measured from
    /// the first time this is asked and found so).
    /// </summary>
    public bool IsExpired(TimeSpan retention, TimeSpan deliveredRetention)
    {
        lock (_gate)
        {
            if (_listener is not null || Source is null || !(IsFinished || Source.IsCompleted))
            {
                _dropAfter = 0;
                return false;
            }

            var now = _timeProvider.GetTimestamp();
            if (_dropAfter == 0)
            {
                _dropAfter = now + (long)((IsDelivered ? deliveredRetention : retention).TotalSeconds * _timeProvider.TimestampFrequency);
                return false;
            }

            return now >= _dropAfter;
        }
    }

    /// <summary>The stream is forgotten before its request ended: nobody can get the answer any more, so the request is cancelled.</summary>
    public void Abandon()
    {
        if (!IsFinished && Source is { IsCompleted: false })
        {
            _upstream?.Cancel();
        }
    }

    internal void Release(ResumableStreamListener listener)
    {
        lock (_gate)
        {
            if (_listener == listener)
            {
                _listener = null;
            }
        }
    }
}
