namespace AgentGateway.Config.Model;

/// <summary>
/// Retries of requests to plain HTTP backends. Only requests that are safe to send twice are retried: idempotent methods
/// (GET, HEAD, OPTIONS, PUT, DELETE) without a request body. A retry goes to a backend picked anew.
/// </summary>
/// <remarks>
/// The rule "no body" keeps the request body streamed: a body would have to be buffered to be sent again. A request
/// with a body is sent once, whatever this policy says.
/// </remarks>
public sealed record RetryConfig
{
    /// <summary>Total number of attempts, the first one included (as the reference). Default 1 (no retry); at most 10.</summary>
    public int? Attempts { get; init; }

    /// <summary>Wait between two attempts. Default: none.</summary>
    public TimeSpan? Backoff { get; init; }

    /// <summary>Response statuses that are retried (e.g. <c>[429, 502, 503]</c>). Connection failures are always retried.</summary>
    public IReadOnlyList<int> Codes { get; init; } = [];
}
