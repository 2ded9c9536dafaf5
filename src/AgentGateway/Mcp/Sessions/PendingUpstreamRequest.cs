using AgentGateway.Mcp.Protocol;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Sessions;

/// <summary>A request sent to an upstream and not yet answered.</summary>
/// <remarks>
/// Timeouts are a deadline checked by the connection's sweep timer, not a timer per request: a request costs no
/// timer allocation on the hot path, and a progress notification just moves the deadline.
/// </remarks>
internal sealed class PendingUpstreamRequest
{
    private readonly long _timeoutMs;
    private readonly RequestId? _downstreamId;
    private long _deadline;

    public PendingUpstreamRequest(string method, long upstreamId, RequestId? downstreamId, IMcpMessageSink? sink, TimeSpan timeout)
    {
        Method = method;
        UpstreamId = upstreamId;
        _downstreamId = downstreamId;
        Sink = sink;
        Timeout = timeout;
        _timeoutMs = (long)timeout.TotalMilliseconds;
        _deadline = Environment.TickCount64 + _timeoutMs;
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

    /// <summary>Completed with the upstream's response or error.</summary>
    /// <remarks>
    /// Continuations run synchronously, on the thread that read the answer: the waiting client request goes on to
    /// write its response right there, instead of through a thread-pool hop and a thread wake-up per call. Nothing
    /// that completes it holds a lock or must not be delayed (the upstream's read loop, the timeout sweep, close).
    /// </remarks>
    public TaskCompletionSource<UpstreamAnswer> Completion { get; } = new();


    /// <summary>Whether the deadline has passed at <paramref name="now"/> (<see cref="Environment.TickCount64"/>).</summary>
    public bool IsExpired(long now) => now > Volatile.Read(ref _deadline);

    /// <summary>Progress arrived: the request is alive, restart its timeout.</summary>
    public void OnProgress() => Volatile.Write(ref _deadline, Environment.TickCount64 + _timeoutMs);
}
