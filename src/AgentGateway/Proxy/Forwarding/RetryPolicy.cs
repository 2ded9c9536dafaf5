using System.Collections.Frozen;
using AgentGateway.Config.Model;

namespace AgentGateway.Proxy.Forwarding;

/// <summary>A compiled <c>retry</c> policy.</summary>
internal sealed class RetryPolicy(RetryConfig config)
{
    /// <summary>Every attempt, the first included (at least 1).</summary>
    public int Attempts { get; } = Math.Max(1, config.Attempts ?? 1);

    /// <summary>The wait between attempts.</summary>
    public TimeSpan Backoff { get; } = config.Backoff ?? TimeSpan.Zero;

    /// <summary>The response statuses that are retried.</summary>
    public FrozenSet<int> Codes { get; } = config.Codes.ToFrozenSet();

    /// <summary>
    /// Whether a request may be sent more than once: an idempotent method (RFC 9110 §9.2.2: GET, HEAD, OPTIONS, PUT,
    /// DELETE) and no body. A body is streamed to the backend as it arrives, so it could not be sent again.
    /// </summary>
    public static bool CanRetry(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || HttpMethods.IsPut(request.Method) || HttpMethods.IsDelete(request.Method))
        && request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: true };
}
