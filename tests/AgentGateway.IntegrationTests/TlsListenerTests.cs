using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AgentGateway.Hosting;
using AgentGateway.IntegrationTests.Infrastructure;
using AgentGateway.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// HTTPS listeners: the official client over TLS with a certificate made in the test, <c>minTLSVersion</c>, mutual TLS
/// with the client certificate in an <c>authorization</c> rule, the certificate chosen by SNI, and certificate files
/// reloaded while the gateway runs.
/// </summary>
public sealed class TlsListenerTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("agw-tls-");
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();

    public TlsListenerTests()
    {
        // Relative paths in the configuration are relative to its file.
        File.WriteAllText(ConfigPath, "# written by the test\n");
        _ca.WriteCertificate(FilePath("ca.pem"));
        using var server = _ca.IssueServer();
        TestCertificateAuthority.WritePem(server, FilePath("server.pem"), FilePath("server-key.pem"));
    }

    private string ConfigPath => FilePath("config.yaml");

    /// <summary>
    /// The call fails at the TLS layer: the listener was reached (no "connection refused") and the failure is the
    /// handshake's (an authentication error) or the connection the server closed in it.
    /// </summary>
    private static async Task AssertRefusedInTheHandshakeAsync(Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<HttpRequestException>(call);
        var chain = new List<Exception>();
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            chain.Add(e);
        }

        Assert.DoesNotContain(chain, e => e is SocketException { SocketErrorCode: SocketError.ConnectionRefused });
        Assert.True(ex.HttpRequestError is HttpRequestError.SecureConnectionError or HttpRequestError.ResponseEnded
            || chain.Any(e => e is AuthenticationException or IOException), ex.ToString());
    }

    [Fact]
    public async Task HttpsListener_ServesMcpToTheOfficialClient_AndRefusesPlainHttpAndUntrustingClients()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync("tls: {cert: server.pem, key: server-key.pem}", ct);

        await using (var client = await TlsClients.ConnectAsync(HttpsUrl(gateway), TlsClients.Handler(_ca.Certificate), ct))
        {
            Assert.Equal("Echo: hello", await client.CallTextAsync("echo", McpClientTestExtensions.Message("hello"), ct));
        }

        // HTTP/2 is negotiated by ALPN.
        using (var h2 = new HttpClient(TlsClients.Handler(_ca.Certificate)) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact })
        using (var answer = await h2.GetAsync(new Uri(HttpsUrl(gateway), "/nothing-here"), ct))
        {
            Assert.Equal(HttpVersion.Version20, answer.Version);
        }

        using var otherCa = TestCertificateAuthority.Create("Some Other CA");
        await AssertRefusedInTheHandshakeAsync(() => TlsClients.InitializeAsync(HttpsUrl(gateway), TlsClients.Handler(otherCa.Certificate), ct));

        // Plain HTTP on the TLS port never reaches a route.
        using var plain = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(gateway.Url("/mcp"), ct));
    }

    [Fact]
    public async Task MinTlsVersion13_RefusesATls12OnlyClient()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync("tls: {cert: server.pem, key: server-key.pem, minTLSVersion: '1.3'}", ct);

        await AssertRefusedInTheHandshakeAsync(() => TlsClients.InitializeAsync(HttpsUrl(gateway), TlsClients.Handler(_ca.Certificate, protocols: SslProtocols.Tls12), ct));
        Assert.Equal(HttpStatusCode.OK, await TlsClients.InitializeAsync(HttpsUrl(gateway), TlsClients.Handler(_ca.Certificate, protocols: SslProtocols.Tls13), ct));
    }

    [Fact]
    public async Task DefaultMinTlsVersion_AcceptsTls12()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync("tls: {cert: server.pem, key: server-key.pem}", ct);

        Assert.Equal(HttpStatusCode.OK, await TlsClients.InitializeAsync(HttpsUrl(gateway), TlsClients.Handler(_ca.Certificate, protocols: SslProtocols.Tls12), ct));
    }

    [Fact]
    public async Task MutualTls_RequiresACertificateFromTheConfiguredCa_AndAuthorizationRulesSeeItsSubject()
    {
        var ct = TestContext.Current.CancellationToken;
        _ca.WriteCertificate(FilePath("clients-ca.pem"));
        using var agent1 = _ca.IssueClient("agent-1", "spiffe://example.org/agent-1");
        using var agent2 = _ca.IssueClient("agent-2");
        using var otherCa = TestCertificateAuthority.Create("Some Other CA");
        using var impostor = otherCa.IssueClient("agent-1");
        await using var gateway = await StartAsync(
            "tls: {cert: server.pem, key: server-key.pem, root: clients-ca.pem}",
            ct,
            """
            policies:
              authorization:
                rules:
                - 'source.subject.contains("CN=agent-1") && source.subjectCn == "agent-1" && "spiffe://example.org/agent-1" in source.subjectAltNames && source.spiffeId == "spiffe://example.org/agent-1" && source.issuer.contains("CN=AgentGateway Test CA")'
            """);

        // No certificate, or one from another CA: the handshake itself fails.
        await AssertRefusedInTheHandshakeAsync(() => TlsClients.InitializeAsync(HttpsUrl(gateway), TlsClients.Handler(_ca.Certificate), ct));
        await AssertRefusedInTheHandshakeAsync(() => TlsClients.InitializeAsync(HttpsUrl(gateway), TlsClients.Handler(_ca.Certificate, impostor), ct));

        // The right CA: connected; the rule lets agent-1 in and keeps agent-2 out.
        await using (var client = await TlsClients.ConnectAsync(HttpsUrl(gateway), TlsClients.Handler(_ca.Certificate, agent1), ct))
        {
            Assert.Equal("Echo: mtls", await client.CallTextAsync("echo", McpClientTestExtensions.Message("mtls"), ct));
        }

        Assert.Equal(HttpStatusCode.Forbidden, await TlsClients.InitializeAsync(HttpsUrl(gateway), TlsClients.Handler(_ca.Certificate, agent2), ct));
    }

    [Fact]
    public async Task SeveralHttpsListeners_TheCertificateIsChosenBySni_AndAHostOfAnotherListenerGets421()
    {
        var ct = TestContext.Current.CancellationToken;
        using var one = _ca.IssueServer("one.test", "one.test");
        using var two = _ca.IssueServer("two.test", "two.test");
        TestCertificateAuthority.WritePem(one, FilePath("one.pem"), FilePath("one-key.pem"));
        TestCertificateAuthority.WritePem(two, FilePath("two.pem"), FilePath("two-key.pem"));
        _ca.WriteCertificate(FilePath("clients-ca.pem"));
        var yaml = $$"""
            binds:
            - port: {port}
              listeners:
              - name: one
                hostname: one.test
                protocol: HTTPS
                tls: {cert: one.pem, key: one-key.pem}
                routes: [{{Route("a")}}]
              - name: two
                hostname: two.test
                protocol: HTTPS
                tls: {cert: two.pem, key: two-key.pem, root: clients-ca.pem}
                routes: [{{Route("b")}}]
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct, ConfigPath);

        foreach (var (host, expected) in new[] { ("one.test", one), ("two.test", two) })
        {
            string? seen = null;
            using var client = _ca.IssueClient("agent");
            var status = await TlsClients.InitializeAsync(
                new Uri($"https://{host}:{gateway.Port.ToString(CultureInfo.InvariantCulture)}/mcp"),
                TlsClients.Handler(_ca.Certificate, client, onServerCertificate: c => seen = c.Thumbprint, connectTo: gateway.Port), ct);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(expected.Thumbprint, seen);
        }

        // A handshake for one.test (no client certificate asked) must not reach two.test (which asks for one).
        Assert.Equal(421, await RawStatusAsync(gateway.Port, sni: "one.test", host: "two.test", ct));
        Assert.Equal(200, await RawStatusAsync(gateway.Port, sni: "one.test", host: "one.test", ct));
    }

    [Fact]
    public async Task CertificateFilesChange_NewConnectionsGetTheNewCertificate_AndABrokenFileKeepsTheOld()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync("tls: {cert: server.pem, key: server-key.pem}", ct);
        using var original = X509Certificate2.CreateFromPem(File.ReadAllText(FilePath("server.pem")));
        Assert.Equal(original.Thumbprint, await ServerThumbprintAsync(gateway, ct));

        using var renewed = _ca.IssueServer("renewed.localhost");
        TestCertificateAuthority.WritePem(renewed, FilePath("server.pem"), FilePath("server-key.pem"));
        await Poll.UntilAsync(async () => await ServerThumbprintAsync(gateway, ct) == renewed.Thumbprint, TimeSpan.FromSeconds(15),
            () => "new connections still get the old certificate", ct);
        Assert.Contains(gateway.Logs.Entries.Select(e => e.Message), m => m.Contains("Reloaded certificate", StringComparison.Ordinal));

        // A broken certificate (here: not PEM) is logged, and the renewed one keeps serving.
        File.WriteAllText(FilePath("server.pem"), "not a certificate\n");
        await Poll.UntilAsync(() => gateway.Logs.Entries.Select(e => e.Message).Any(m => m.Contains("cannot be used", StringComparison.Ordinal)), TimeSpan.FromSeconds(15),
            () => "the broken certificate file was not reported", ct);
        Assert.Equal(renewed.Thumbprint, await ServerThumbprintAsync(gateway, ct));
    }

    [Fact]
    public async Task ConfigurationReload_NewCertificatePathsApply_ButSwitchingThePortToPlainHttpIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var other = _ca.IssueServer("other.localhost");
        TestCertificateAuthority.WritePem(other, FilePath("other.pem"), FilePath("other-key.pem"));
        await using var gateway = await StartAsync("tls: {cert: server.pem, key: server-key.pem}", ct, watch: true);
        var reload = gateway.Services.GetRequiredService<ConfigReloadService>();
        string Config(string listener) => $"binds:\n- port: {gateway.Port.ToString(CultureInfo.InvariantCulture)}\n  listeners:\n  - {listener}\n    routes: [{Route("a")}]\n";

        await WatchedFile.ReplaceAsync(ConfigPath, Config("tls: {cert: other.pem, key: other-key.pem}"), ct);
        await Poll.UntilAsync(() => reload.Counts.Applied == 1, TimeSpan.FromSeconds(15), () => gateway.Logs.Dump(), ct);
        Assert.Equal(other.Thumbprint, await ServerThumbprintAsync(gateway, ct));

        await WatchedFile.ReplaceAsync(ConfigPath, Config("protocol: HTTP"), ct);
        await Poll.UntilAsync(() => reload.Counts.Rejected == 1, TimeSpan.FromSeconds(15), () => gateway.Logs.Dump(), ct);
        // The reload service counts the rejection, then logs it: wait for the line rather than race it.
        await Poll.UntilAsync(() => gateway.Logs.Entries.Any(e => e.Message.Contains("between HTTP and HTTPS", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(5), () => gateway.Logs.Dump(), ct);
        Assert.Equal(other.Thumbprint, await ServerThumbprintAsync(gateway, ct));
    }

    public void Dispose()
    {
        _ca.Dispose();
        _directory.Delete(recursive: true);
    }

    private string FilePath(string name) => Path.Combine(_directory.FullName, name);

    private static string Route(string target) => "{backends: [{mcp: {targets: [" + Targets.TestServer(target) + "]}}]}";

    private static Uri HttpsUrl(GatewayTestHost gateway) => new($"https://127.0.0.1:{gateway.Port.ToString(CultureInfo.InvariantCulture)}/mcp");

    private Task<GatewayTestHost> StartAsync(string tls, CancellationToken cancellationToken, string? listenerExtra = null, bool watch = false)
    {
        var extra = listenerExtra is null ? "" : "\n" + string.Join("\n", listenerExtra.Split('\n').Select(l => "    " + l));
        var yaml = $$"""
            binds:
            - port: {port}
              listeners:
              - protocol: HTTPS
                {{tls}}
                routes: [{{Route("a")}}]
            """ + extra;
        return GatewayTestHost.StartAsync(yaml, cancellationToken, ConfigPath, watch);
    }

    /// <summary>The thumbprint of the certificate a new connection is served.</summary>
    private async Task<string?> ServerThumbprintAsync(GatewayTestHost gateway, CancellationToken cancellationToken)
    {
        string? seen = null;
        try
        {
            await TlsClients.InitializeAsync(HttpsUrl(gateway), TlsClients.Handler(_ca.Certificate, onServerCertificate: c => seen = c.Thumbprint), cancellationToken);
        }
        catch (HttpRequestException)
        {
            // The callback has run; the certificate it saw is what matters.
        }

        return seen;
    }

    /// <summary>An HTTP/1.1 POST over a TLS connection whose SNI and Host differ; returns the status code.</summary>
    private async Task<int> RawStatusAsync(int port, string sni, string host, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = sni,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null,
        }, cancellationToken);
        var body = McpHttp.InitializeBody();
        var request = $"POST /mcp HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n" +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        await tls.WriteAsync(Encoding.UTF8.GetBytes(request), cancellationToken);
        using var reader = new StreamReader(tls);
        var statusLine = await reader.ReadLineAsync(cancellationToken) ?? "";
        return int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
