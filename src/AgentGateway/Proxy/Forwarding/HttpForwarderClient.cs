using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace AgentGateway.Proxy.Forwarding;

/// <summary>
/// The one <see cref="HttpMessageInvoker"/> every plain HTTP backend is reached with, set up as YARP's
/// <c>ForwarderHttpClientFactory</c> does: no proxy, no redirects followed, no decompression, no cookies (a proxy passes
/// all of these through untouched), pooled connections, and trace context propagated once.
/// </summary>
internal sealed class HttpForwarderClient : IDisposable
{
    /// <summary>How long connecting to a backend may take (the reference's <c>config.backend.connectTimeout</c> default is 10 s).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public HttpForwarderClient()
    {
        Invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            ConnectTimeout = ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
        }, disposeHandler: true);
    }

    /// <summary>The shared invoker.</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <inheritdoc/>
    public void Dispose() => Invoker.Dispose();
}
