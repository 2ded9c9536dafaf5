using AgentGateway.Mcp.Protocol;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Sessions;

/// <summary>A request sent to an upstream and not yet answered.</summary>
/// <remarks>
/// Timeouts are a deadline checked by the connection's sweep timer, not a timer per request: a request costs no
/// timer allocation on the hot path, and a progress notification just moves the deadline.
/// <para>
/// Settled once, by whichever comes first (the answer, the timeout sweep, a cancellation, the connection closing), through
/// <see cref="TrySetResult"/>, <see cref="TrySetException"/> or <see cref="TrySetCanceled"/>. A parsed request is awaited
/// through <see cref="Completion"/>; a request relayed as bytes has an owner that is called back instead
/// (<see cref="UpstreamConnection.StartRawRequest"/>), so nothing waits on it.
/// </para>
/// </remarks>
internal sealed class PendingUpstreamRequest
{
    private readonly long _timeoutMs;
    private readonly RequestId? _downstreamId;
    private readonly TaskCompletionSource<UpstreamAnswer>? _completion;
    private readonly UpstreamConnection? _owner;
    private long _deadline;
    private int _settled;

    /// <param name="method">The method, for messages.</param>
    /// <param name="upstreamId">The id the gateway gave the request upstream.</param>
    /// <param name="downstreamId">The client's id, when the request came from a client request.</param>
    /// <param name="sink">Where related notifications and server→client requests go.</param>
    /// <param name="timeout">How long the request may wait without progress.</param>
    /// <param name="owner">For a request relayed as bytes, the connection that settles it (no <see cref="Completion"/>).</param>
    public PendingUpstreamRequest(string method, long upstreamId, RequestId? downstreamId, IMcpMessageSink? sink, TimeSpan timeout, UpstreamConnection? owner = null)
    {
        Method = method;
        UpstreamId = upstreamId;
        _downstreamId = downstreamId;
        Sink = sink;
        Timeout = timeout;
        _timeoutMs = (long)timeout.TotalMilliseconds;
        _deadline = Environment.TickCount64 + _timeoutMs;
        _owner = owner;
        if (owner is null)
        {
            // Continuations run synchronously, on the thread that read the answer: the waiting client request goes on to
            // write its response right there, instead of through a thread-pool hop and a thread wake-up per call. Nothing
            // that completes it holds a lock or must not be delayed (the upstream's read loop, the timeout sweep, close).
            _completion = new TaskCompletionSource<UpstreamAnswer>();
        }
    }

    /// <summary>The method, for messages.</summary>
    public string Method { get; }

    /// <summary>The id the gateway gave the request upstream.</summary>
    public long UpstreamId { get; }

    /// <summary>The client's id, when the request came from a client request.</summary>
    public RequestId? DownstreamId => _downstreamId ?? Raw?.Id;

    /// <summary>
    /// The client's request when it was relayed as bytes: its answer may come back as bytes too, and its id is read from
    /// it only if asked for (a client's cancellation).
    /// </summary>
    public RawJsonRpcRequest? Raw { get; init; }

    /// <summary>Where related notifications and server→client requests go.</summary>
    public IMcpMessageSink? Sink { get; }

    /// <summary>How long the request may wait without progress.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The request's progress token as JSON text, or null.</summary>
    public string? ProgressToken { get; init; }

    /// <summary>Completed with the upstream's response or error (parsed requests only: a raw one calls its owner back).</summary>
    public Task<UpstreamAnswer> Completion =>
        _completion?.Task ?? throw new InvalidOperationException("a request relayed as bytes is not awaited");

    /// <summary>A raw request's callback (<see cref="UpstreamConnection.StartRawRequest"/>) and what it needs to finish.</summary>
    public IRawAnswerCallback? Callback { get; init; }

    /// <summary>The callback's own state (the relay keeps the session here).</summary>
    public object? CallbackState { get; init; }

    /// <summary>A raw request's cancellation registration, ended when it settles.</summary>
    internal CancellationTokenRegistration Cancellation { get; set; }

    /// <summary>When a raw request was sent (<see cref="System.Diagnostics.Stopwatch"/> ticks), 0 when not measured.</summary>
    internal long Started { get; set; }

    /// <summary>Whether the deadline has passed at <paramref name="now"/> (<see cref="Environment.TickCount64"/>).</summary>
    public bool IsExpired(long now) => now > Volatile.Read(ref _deadline);

    /// <summary>Progress arrived: the request is alive, restart its timeout.</summary>
    public void OnProgress() => Volatile.Write(ref _deadline, Environment.TickCount64 + _timeoutMs);

    /// <summary>Settles the request with its answer; false when it was already settled.</summary>
    public bool TrySetResult(UpstreamAnswer answer) =>
        _completion?.TrySetResult(answer) ?? TrySettleRaw(answer, error: null);

    /// <summary>Settles the request with a failure; false when it was already settled.</summary>
    public bool TrySetException(Exception error) =>
        _completion?.TrySetException(error) ?? TrySettleRaw(default, error);

    /// <summary>Settles the request as cancelled; false when it was already settled.</summary>
    public bool TrySetCanceled(CancellationToken cancellationToken = default) =>
        _completion?.TrySetCanceled(cancellationToken) ?? TrySettleRaw(default, new OperationCanceledException(cancellationToken));

    /// <summary>A raw request: the first settlement goes to its owner, any later one is refused.</summary>
    private bool TrySettleRaw(UpstreamAnswer answer, Exception? error)
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0)
        {
            return false;
        }

        _owner!.OnRawSettled(this, answer, error);
        return true;
    }
}
