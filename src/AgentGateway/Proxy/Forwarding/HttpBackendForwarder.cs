using AgentGateway.Proxy.A2a;
using Microsoft.AspNetCore.Http.Features;
using AgentGateway.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace AgentGateway.Proxy.Forwarding;

/// <summary>
/// Forwards a request of a plain HTTP route to one of its backends with YARP's <see cref="IHttpForwarder"/>: bodies are
/// streamed both ways, never buffered. Picks the backend by weight, applies the route's URL rewrite, time limits and
/// retries, and reports a backend that fails before its response began through <see cref="ProxyErrorWriter"/>
/// (502, or 504 on a time limit).
/// </summary>
/// <remarks>
/// Time limits (<c>timeout.requestTimeout</c> across attempts, <c>timeout.backendRequestTimeout</c> per attempt) count
/// until the response headers arrive; the body then streams under YARP's activity timeout (100 s without a byte), so a
/// long download is not cut off. A retried attempt goes to a backend picked anew.
/// </remarks>
internal sealed partial class HttpBackendForwarder(
    IHttpForwarder forwarder, HttpForwarderClient client, GatewayMetrics metrics, TimeProvider time, ILogger<HttpBackendForwarder> logger)
{
    private static readonly ForwarderRequestConfig s_requestConfig = new() { ActivityTimeout = TimeSpan.FromSeconds(100) };

    /// <summary>Forwards the request to <paramref name="model"/>'s backends and copies the answer back.</summary>
    public async Task ForwardAsync(HttpContext context, HttpBackendModel model)
    {
        A2aExchange? a2a = null;
        if (model.IsA2a)
        {
            a2a = await A2aExchange.BeginAsync(context, context.RequestAborted);
        }

        try
        {
            await ForwardAttemptsAsync(context, model, a2a);
        }
        finally
        {
            if (a2a is not null)
            {
                a2a.Complete(context);
                a2a.Dispose();
                metrics.RecordA2aRequest(model.RouteKey, A2aMethods.Label(a2a.Info.Method), a2a.Info.Outcome ?? A2aRequestInfo.UnknownOutcome);
            }
        }
    }

    private async Task ForwardAttemptsAsync(HttpContext context, HttpBackendModel model, A2aExchange? a2a)
    {
        var request = context.Request;

        // The body streams through, so Kestrel's buffering-era limit (30 MB) does not apply to it.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = null;
        }

        var attempts = model.Retry is { Attempts: > 1 } retry && RetryPolicy.CanRetry(request) ? retry.Attempts : 1;
        var matchedPrefix = model.UrlRewrite is { RewritesPath: true } ? model.MatchedPrefix(request) : "/";
        using var requestLimit = model.RequestTimeout is { } overall ? new CancellationTokenSource(overall, time) : null;
        for (var attempt = 1; ; attempt++)
        {
            var index = model.Pick(Random.Shared.Next(model.TotalWeight));
            var destination = model.Destinations[index];
            using var attemptLimit = requestLimit is null ? new CancellationTokenSource() : CancellationTokenSource.CreateLinkedTokenSource(requestLimit.Token);
            if (model.BackendRequestTimeout is { } perAttempt)
            {
                attemptLimit.CancelAfter(perAttempt);
            }

            var transformer = new ForwardingTransformer(model, model.Auth[index], matchedPrefix, mayRetry: attempt < attempts,
                onResponseHeaders: () =>
                {
                    // Disarm the timers: from here on the response streams (a race with a firing timer ends as a timeout).
                    attemptLimit.CancelAfter(Timeout.InfiniteTimeSpan);
                    requestLimit?.CancelAfter(Timeout.InfiniteTimeSpan);
                },
                agentCardOrigin: a2a?.AgentCardOrigin);
            var error = await forwarder.SendAsync(context, destination.Prefix, client.Invoker, s_requestConfig, transformer, attemptLimit.Token);

            if (error == ForwarderError.None && transformer.RetryStatus == 0)
            {
                if (transformer.Failure is { } failure && !context.Response.HasStarted)
                {
                    ResetResponse(context);
                    await ProxyErrorWriter.WriteAsync(context, failure);
                }

                return;
            }

            if (context.Response.HasStarted)
            {
                // The response began: YARP has already aborted the connection to the client; nothing more can be said.
                Log.ResponseFailed(logger, model.RouteKey, destination.Address, error);
                return;
            }

            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            var timedOut = error == ForwarderError.RequestTimedOut || (error != ForwarderError.None && attemptLimit.IsCancellationRequested);
            var retryable = transformer.RetryStatus != 0 || error is ForwarderError.Request or ForwarderError.RequestCreation;
            if (retryable && attempt < attempts && !timedOut)
            {
                Log.Retrying(logger, model.RouteKey, destination.Address, transformer.RetryStatus, error, attempt);
                metrics.RecordRetry(model.RouteKey, transformer.RetryStatus != 0 ? "status" : "connect");
                ResetResponse(context);
                context.Features.Set<IForwarderErrorFeature>(null);
                if (model.Retry!.Backoff > TimeSpan.Zero && !await DelayAsync(model.Retry.Backoff, requestLimit, context.RequestAborted))
                {
                    ResetResponse(context);
                    await ProxyErrorWriter.WriteAsync(context, context.RequestAborted.IsCancellationRequested ? ProxyError.UpstreamUnavailable : ProxyError.UpstreamTimeout);
                    return;
                }

                continue;
            }

            Log.BackendFailed(logger, model.RouteKey, destination.Address, error, timedOut);
            ResetResponse(context);
            await ProxyErrorWriter.WriteAsync(context, timedOut ? ProxyError.UpstreamTimeout : ProxyError.UpstreamUnavailable);
            return;
        }
    }

    /// <summary>
    /// Undoes what a failed attempt left on a response that has not started: YARP sets only the status (and on a
    /// held-back or refused answer, nothing else was copied). Headers set before forwarding, such as CORS, stay.
    /// </summary>
    private static void ResetResponse(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        if (context.Features.Get<IHttpResponseFeature>() is { } feature)
        {
            feature.ReasonPhrase = null;
        }
    }

    /// <summary>Waits the backoff; false when the request's time limit or the client ended it first.</summary>
    private async Task<bool> DelayAsync(TimeSpan backoff, CancellationTokenSource? requestLimit, CancellationToken aborted)
    {
        using var linked = requestLimit is null
            ? CancellationTokenSource.CreateLinkedTokenSource(aborted)
            : CancellationTokenSource.CreateLinkedTokenSource(aborted, requestLimit.Token);
        try
        {
            await Task.Delay(backoff, time, linked.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Route {Route}: HTTP backend {Backend} failed ({Error}, timed out: {TimedOut})")]
        public static partial void BackendFailed(ILogger logger, string route, string backend, ForwarderError error, bool timedOut);

        [LoggerMessage(Level = LogLevel.Information, Message = "Route {Route}: the response of HTTP backend {Backend} broke off after it began ({Error})")]
        public static partial void ResponseFailed(ILogger logger, string route, string backend, ForwarderError error);

        [LoggerMessage(Level = LogLevel.Information, Message = "Route {Route}: retrying after HTTP backend {Backend} answered {Status} / {Error} (attempt {Attempt})")]
        public static partial void Retrying(ILogger logger, string route, string backend, int status, ForwarderError error, int attempt);
    }
}
