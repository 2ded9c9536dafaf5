using System.Net.Http.Headers;

namespace AgentGateway.Mcp.Upstreams;

/// <summary>Puts the session's current caller token on every request to a passthrough target (including its event stream).</summary>
internal sealed class UpstreamCredentialHandler(UpstreamCredential credential) : DelegatingHandler
{
    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (credential.Token is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
