namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// The one client connection writing a <see cref="ResumableStream"/> at a time. A client that resumes the stream takes
/// it over: <see cref="TakenOver"/> fires, the connection it left (dead to it, even if the gateway has not seen so yet)
/// stops writing, and the new one starts once this one is disposed.
/// </summary>
internal sealed class ResumableStreamListener : IDisposable
{
    private readonly ResumableStream _stream;
    private readonly CancellationTokenSource _takeover = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    public ResumableStreamListener(ResumableStream stream) => _stream = stream;

    /// <summary>Cancelled when another connection resumes the stream.</summary>
    public CancellationToken TakenOver => _takeover.Token;

    /// <summary>Completes when this listener has let go of the stream.</summary>
    public Task Released => _released.Task;

    /// <summary>Asks this listener to let go (called outside the stream's lock: the cancellation runs its callbacks inline).</summary>
    public void TakeOver() => _takeover.Cancel();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stream.Release(this);
        _released.TrySetResult();
    }
}
