using AgentGateway.Config.Model;

namespace AgentGateway.Proxy.Forwarding;

/// <summary>A compiled <c>directResponse</c>: the status and the body bytes, decoded once.</summary>
internal sealed class DirectResponseModel(DirectResponseConfig config)
{
    private readonly byte[] _body = config.Body is null ? [] : Convert.FromBase64String(config.Body);

    /// <summary>The status.</summary>
    public int Status { get; } = config.Status ?? StatusCodes.Status200OK;

    /// <summary>Writes the answer.</summary>
    public Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = Status;
        response.ContentLength = _body.Length;
        if (_body.Length == 0)
        {
            return Task.CompletedTask;
        }

        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(_body, context.RequestAborted).AsTask();
    }
}
