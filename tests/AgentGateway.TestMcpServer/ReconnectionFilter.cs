using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentGateway.TestMcpServer;

/// <summary>
/// SEP-1699 behaviour of <c>test_reconnection</c> over resumable HTTP: before the tool runs, end the POST SSE stream with a
/// priming event carrying <c>retry:</c>, wait until that HTTP response has completed, then produce the result, which goes
/// only to the event store. The client must reconnect with GET + <c>Last-Event-ID</c> to receive it.
/// </summary>
public static class ReconnectionFilter
{
    /// <summary>Name of the tool this filter applies to.</summary>
    public const string ToolName = "test_reconnection";

    /// <summary>The <c>retry:</c> interval sent to the client.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan ResponseCompletionTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Creates the call-tool filter for <paramref name="options"/> (a pass-through unless HTTP with resumability).</summary>
    public static McpRequestFilter<CallToolRequestParams, CallToolResult> Create(TestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return next => async (request, cancellationToken) =>
        {
            if (request.Params?.Name != ToolName || options.Transport != TestServerTransport.Http || !options.Resumable)
            {
                return await next(request, cancellationToken).ConfigureAwait(false);
            }

            // Handlers run in the POST request's ExecutionContext, so this is the HttpContext whose response we end.
            var httpContext = request.Services?.GetService<IHttpContextAccessor>()?.HttpContext;
            var responseCompleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            httpContext?.Response.OnCompleted(() =>
            {
                responseCompleted.TrySetResult();
                return Task.CompletedTask;
            });

            await request.EnablePollingAsync(RetryInterval, cancellationToken).ConfigureAwait(false);
            if (httpContext is not null)
            {
                try
                {
                    await responseCompleted.Task.WaitAsync(ResponseCompletionTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Carry on: the result then goes to the event store (and maybe still to the POST stream).
                }
            }

            return await next(request, cancellationToken).ConfigureAwait(false);
        };
    }
}
