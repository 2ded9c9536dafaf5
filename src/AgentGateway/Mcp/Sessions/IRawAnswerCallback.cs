namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// Told once when a request relayed as bytes (<see cref="UpstreamConnection.StartRawRequest"/>) is settled: answered (as
/// bytes or parsed), failed (the target closed or timed out) or cancelled (the client went away).
/// </summary>
/// <remarks>
/// A callback rather than a task to await: the relay has nothing to do between sending the request and its answer, and
/// awaiting would cost a state machine per level (relay, connection) and a task per call (measured with bench/).
/// </remarks>
internal interface IRawAnswerCallback
{
    /// <param name="connection">The connection the request went to (its pending entry is already gone).</param>
    /// <param name="pending">The request: its bytes (<see cref="PendingUpstreamRequest.Raw"/>), its stream, its state.</param>
    /// <param name="answer">The answer; default when <paramref name="error"/> is set.</param>
    /// <param name="error">Why there is no answer: <see cref="Upstreams.McpUpstreamException"/>, <see cref="OperationCanceledException"/>, or another failure.</param>
    void OnRawAnswer(UpstreamConnection connection, PendingUpstreamRequest pending, UpstreamAnswer answer, Exception? error);
}
