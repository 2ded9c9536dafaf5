using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ModelContextProtocol.Client;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>HTTPS clients for the TLS tests: trusting only a test CA, optionally with a client certificate or a fixed TLS version.</summary>
internal static class TlsClients
{
    /// <summary>
    /// A handler that trusts only <paramref name="ca"/> (never the machine's roots), presents <paramref name="clientCertificate"/>,
    /// offers only <paramref name="protocols"/>, and reports the server certificate it saw. <paramref name="connectTo"/> sends
    /// every connection to that loopback port whatever the URL's host, so a URL's host name becomes the SNI.
    /// </summary>
    public static SocketsHttpHandler Handler(
        X509Certificate2 ca,
        X509Certificate2? clientCertificate = null,
        SslProtocols protocols = SslProtocols.None,
        Action<X509Certificate2>? onServerCertificate = null,
        int? connectTo = null)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero };
        handler.SslOptions.EnabledSslProtocols = protocols;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is not X509Certificate2 server)
            {
                return false;
            }

            onServerCertificate?.Invoke(server);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(server) && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        if (connectTo is { } port)
        {
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            };
        }

        return handler;
    }

    /// <summary>Connects the official MCP client to <paramref name="endpoint"/> through <paramref name="handler"/>.</summary>
    public static Task<McpClient> ConnectAsync(Uri endpoint, HttpMessageHandler handler, CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp, ConnectionTimeout = TimeSpan.FromSeconds(30) },
            new HttpClient(handler, disposeHandler: true),
            ownsHttpClient: true);
        return McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = GatewayTestHost.SessionProtocolVersion }, cancellationToken: cancellationToken);
    }

    /// <summary>POSTs an MCP <c>initialize</c> to <paramref name="endpoint"/>; returns the status code.</summary>
    public static async Task<HttpStatusCode> InitializeAsync(Uri endpoint, HttpMessageHandler handler, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(handler, disposeHandler: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(McpHttp.InitializeBody()) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        using var response = await client.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }
}
