using System.Net;

namespace AgentGateway.Proxy.Authentication;

/// <summary>
/// The one <see cref="HttpClient"/> the gateway uses to talk to identity providers (JWKS, metadata): no redirects
/// (a JWKS URL must not be bounced to another host), no cookies, short connect timeout, pooled connections renewed
/// every few minutes so DNS changes are seen.
/// </summary>
internal sealed class AuthenticationHttpClient : IDisposable
{
    public AuthenticationHttpClient()
    {
        Client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd("agentgateway");
    }

    /// <summary>The shared client.</summary>
    public HttpClient Client { get; }

    /// <inheritdoc/>
    public void Dispose() => Client.Dispose();
}
