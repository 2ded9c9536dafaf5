using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// The session-wide server→client stream (the GET stream, or the legacy SSE connection). Bounded: while nobody listens,
/// or the client reads more slowly than messages come, at most the capacity waits. Beyond, the oldest waiting
/// notification is dropped; requests and responses (a legacy session's answers come this way) are kept while there
/// is a notification to drop instead, and only a stream holding nothing else loses its oldest message, so a forgotten
/// session cannot grow without limit.
/// </summary>
/// <remarks>One reader at a time (<see cref="WaitToReadAsync"/>, <see cref="TryRead"/>), any number of writers.</remarks>
internal sealed class OutboundStream : IMcpMessageSink
{
    private readonly Lock _gate = new();
    private readonly LinkedList<JsonRpcMessage> _messages = new();
    private readonly int _capacity;
    private TaskCompletionSource<bool>? _waiter;
    private bool _completed;
    private int _listening;

    public OutboundStream(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Whether a client currently listens on this stream.</summary>
    public bool IsListening => Volatile.Read(ref _listening) != 0;

    /// <summary>Messages dropped because the stream was full.</summary>
    public int Dropped { get; private set; }

    public bool TryWrite(JsonRpcMessage message)
    {
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            if (_messages.Count >= _capacity)
            {
                DropOne();
            }

            _messages.AddLast(message);
            (wake, _waiter) = (_waiter, null);
        }

        wake?.TrySetResult(true);
        return true;
    }

    /// <summary>Takes the next message, if one waits.</summary>
    public bool TryRead(out JsonRpcMessage message)
    {
        lock (_gate)
        {
            if (_messages.First is { } first)
            {
                message = first.Value;
                _messages.RemoveFirst();
                return true;
            }
        }

        message = null!;
        return false;
    }

    /// <summary>Waits until a message can be read (true), or the stream has ended with nothing left to read (false).</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool> waiter;
        lock (_gate)
        {
            if (_messages.Count > 0)
            {
                return new ValueTask<bool>(true);
            }

            if (_completed)
            {
                return new ValueTask<bool>(false);
            }

            waiter = _waiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        // Woken by a write (true) or by the end (false); a reader cancelled meanwhile leaves the waiter to the next one.
        return new ValueTask<bool>(waiter.Task.WaitAsync(cancellationToken));
    }

    /// <summary>Claims the stream for one listener; false when another listener holds it.</summary>
    public bool TryAttach() => Interlocked.CompareExchange(ref _listening, 1, 0) == 0;

    /// <summary>Releases the stream.</summary>
    public void Detach() => Volatile.Write(ref _listening, 0);

    /// <summary>Ends the stream (session closed): what waits can still be read, then <see cref="WaitToReadAsync"/> says false.</summary>
    public void Complete()
    {
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            _completed = true;
            (wake, _waiter) = (_waiter, null);
        }

        wake?.TrySetResult(false);
    }

    /// <summary>Drops the oldest waiting notification, or the oldest message when no notification waits (the caller holds the lock).</summary>
    private void DropOne()
    {
        Dropped++;
        for (var node = _messages.First; node is not null; node = node.Next)
        {
            if (node.Value is JsonRpcNotification)
            {
                _messages.Remove(node);
                return;
            }
        }

        _messages.RemoveFirst();
    }
}
