using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using AgentGateway.Mcp.Protocol;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// The messages answering one client request: zero or more notifications and server→client requests, then exactly one
/// final answer, after which the stream completes. The HTTP layer decides from the first message whether to answer with
/// plain JSON or with SSE.
/// </summary>
/// <remarks>
/// One reader (the HTTP handler), any number of writers (the upstreams' read loops, the relay). Built for the common case
/// of a lone final answer: no queue until a message precedes it, and the waiting reader is a reusable value-task source,
/// not a channel (a channel per request cost ~1 KB and ~35% of the relay's allocations, measured with bench/). The
/// reader continues inline on the writer's thread (the relay, done with the request): one thread-pool hop less.
/// </remarks>
internal sealed class RequestStream : IMcpMessageSink, IValueTaskSource<bool>
{
    /// <summary>
    /// Messages that may wait for a client reading slowly. Beyond, the oldest waiting notification is dropped (progress
    /// and log messages are advisory; the newest progress is the one that matters): an upstream streaming notifications to
    /// a stalled client must not grow the gateway's memory without bound. Server→client requests and the final answer
    /// are never dropped.
    /// </summary>
    public const int MaxPending = 1000;

    private readonly Lock _gate = new();
    private ManualResetValueTaskSourceCore<bool> _signal;
    private Queue<JsonRpcMessage>? _queue;
    private bool _completed;
    private bool _waiting;
    private CancellationToken _waitToken;
    private CancellationTokenRegistration _waitRegistration;

    /// <summary>
    /// The final answer when it came as bytes (a request relayed as bytes): the stream then completes without a final
    /// message, and the reader finds the answer here once the messages are read.
    /// </summary>
    public RawJsonRpcAnswer? RawAnswer { get; private set; }

    /// <summary>Notifications dropped because <see cref="MaxPending"/> messages were already waiting for the client.</summary>
    public int Dropped { get; private set; }

    /// <summary>Whether the final answer has come (messages may still wait to be read).</summary>
    public bool IsCompleted
    {
        get
        {
            lock (_gate)
            {
                return _completed;
            }
        }
    }

    /// <summary>Queues a message; false once the stream has completed.</summary>
    public bool TryWrite(JsonRpcMessage message) => Add(message, raw: null, complete: false);

    /// <summary>Writes the final message and completes the stream.</summary>
    public void Complete(JsonRpcMessage response) => Add(response, raw: null, complete: true);

    /// <summary>Completes the stream with a final answer as bytes (<see cref="RawAnswer"/>).</summary>
    public void Complete(RawJsonRpcAnswer answer) => Add(message: null, answer, complete: true);

    /// <summary>
    /// Waits until a message can be read (true) or the stream has completed with every message read (false).
    /// </summary>
    /// <remarks>One wait at a time (a single reader).</remarks>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_queue is { Count: > 0 })
            {
                return new ValueTask<bool>(true);
            }

            if (_completed)
            {
                return new ValueTask<bool>(false);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<bool>(cancellationToken);
            }

            _signal.Reset();
            _waiting = true;
            _waitToken = cancellationToken;
        }

        if (cancellationToken.CanBeCanceled)
        {
            _waitRegistration = cancellationToken.UnsafeRegister(static state => ((RequestStream)state!).CancelWait(), this);
        }

        return new ValueTask<bool>(this, _signal.Version);
    }

    /// <summary>Takes the next message, if one is queued.</summary>
    public bool TryRead(out JsonRpcMessage message)
    {
        lock (_gate)
        {
            if (_queue is { Count: > 0 } queue)
            {
                message = queue.Dequeue();
                return true;
            }
        }

        message = null!;
        return false;
    }

    /// <summary>Looks at the next message without taking it.</summary>
    public bool TryPeek(out JsonRpcMessage message)
    {
        lock (_gate)
        {
            if (_queue is { Count: > 0 } queue)
            {
                message = queue.Peek();
                return true;
            }
        }

        message = null!;
        return false;
    }

    /// <summary>Every message until the stream completes.</summary>
    public async IAsyncEnumerable<JsonRpcMessage> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await WaitToReadAsync(cancellationToken))
        {
            while (TryRead(out var message))
            {
                yield return message;
            }
        }
    }

    private bool Add(JsonRpcMessage? message, RawJsonRpcAnswer? raw, bool complete)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            if (message is not null)
            {
                var queue = _queue ??= new Queue<JsonRpcMessage>(4);
                if (queue.Count >= MaxPending && !complete && message is JsonRpcNotification)
                {
                    Dropped++;
                    if (queue.Peek() is not JsonRpcNotification)
                    {
                        // A server→client request waits first: keep it, and drop the notification that came last.
                        return true;
                    }

                    queue.Dequeue();
                }

                queue.Enqueue(message);
            }

            RawAnswer ??= raw;
            _completed = complete;
            if (!_waiting)
            {
                return true;
            }

            _waiting = false;
        }

        // Outside the lock: the reader's continuation runs right here.
        _signal.SetResult(message is not null);
        return true;
    }

    private void CancelWait()
    {
        lock (_gate)
        {
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
        }

        _signal.SetException(new OperationCanceledException(_waitToken));
    }

    bool IValueTaskSource<bool>.GetResult(short token)
    {
        _waitRegistration.Dispose();
        _waitRegistration = default;
        return _signal.GetResult(token);
    }

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _signal.OnCompleted(continuation, state, token, flags);
}
