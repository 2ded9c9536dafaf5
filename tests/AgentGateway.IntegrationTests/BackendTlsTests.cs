using System.Security.Cryptography.X509Certificates;
using AgentGateway.IntegrationTests.Infrastructure;
using AgentGateway.Testing;
using AgentGateway.TestMcpServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// <c>backendTLS</c> on an HTTPS MCP target served with a certificate from a private CA: trusted through <c>root</c>,
/// refused without it, accepted unverified with <c>insecure</c>, verified under another name with <c>hostname</c>, and
/// a client certificate the upstream verifies.
/// </summary>
public sealed class BackendTlsTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("agw-backend-tls-");
    private readonly TestCertificateAuthority _upstreamCa = TestCertificateAuthority.Create("Upstream CA");
    private readonly TestCertificateAuthority _gatewayCa = TestCertificateAuthority.Create("Gateway Client CA");

    public BackendTlsTests()
    {
        File.WriteAllText(FilePath("config.yaml"), "# written by the test\n");
        _upstreamCa.WriteCertificate(FilePath("upstream-ca.pem"));
        using var client = _gatewayCa.IssueClient("gateway");
        TestCertificateAuthority.WritePem(client, FilePath("gateway.pem"), FilePath("gateway-key.pem"));
    }

    [Fact]
    public async Task PrivateCaTarget_IsReachedWithRoot_AndRefusedWithoutIt()
    {
        var ct = TestContext.Current.CancellationToken;
        using var certificate = _upstreamCa.IssueServer();
        await using var upstream = await StartUpstreamAsync(certificate, requireClientCertificate: false, ct);

        await using (var gateway = await StartGatewayAsync(upstream, "backendTLS: {root: upstream-ca.pem}", ct))
        await using (var client = await gateway.ConnectAsync(cancellationToken: ct))
        {
            Assert.Equal("Echo: secure", await client.CallTextAsync("echo", McpClientTestExtensions.Message("secure"), ct));
        }

        // Without backendTLS the system's roots apply, which do not know the private CA: the target fails to start
        // (failClosed), and the client's initialize gets an error naming it.
        await using (var gateway = await StartGatewayAsync(upstream, null, ct))
        {
            var error = await AssertTlsRefusedAsync(gateway, ct);
            Assert.Contains("secure", error.ToString(), StringComparison.Ordinal);
        }

        // A root that is not the upstream's CA is refused just the same.
        _gatewayCa.WriteCertificate(FilePath("wrong-ca.pem"));
        await using (var gateway = await StartGatewayAsync(upstream, "backendTLS: {root: wrong-ca.pem}", ct))
        {
            await AssertTlsRefusedAsync(gateway, ct);
        }
    }

    [Fact]
    public async Task Insecure_SkipsVerification_AndIsLoggedAsAWarning()
    {
        var ct = TestContext.Current.CancellationToken;
        using var certificate = _upstreamCa.IssueServer();
        await using var upstream = await StartUpstreamAsync(certificate, requireClientCertificate: false, ct);

        await using var gateway = await StartGatewayAsync(upstream, "backendTLS: {insecure: true}", ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        Assert.Equal("Echo: unverified", await client.CallTextAsync("echo", McpClientTestExtensions.Message("unverified"), ct));
        Assert.Contains(gateway.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("backendTLS.insecure", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hostname_VerifiesTheCertificateAgainstThatName()
    {
        var ct = TestContext.Current.CancellationToken;

        // A certificate for upstream.internal only: reached at 127.0.0.1, it matches no name in the URL.
        using var certificate = _upstreamCa.IssueServer("upstream.internal", "upstream.internal");
        await using var upstream = await StartUpstreamAsync(certificate, requireClientCertificate: false, ct);

        await using (var gateway = await StartGatewayAsync(upstream, "backendTLS: {root: upstream-ca.pem, hostname: upstream.internal}", ct))
        await using (var client = await gateway.ConnectAsync(cancellationToken: ct))
        {
            Assert.Equal("Echo: named", await client.CallTextAsync("echo", McpClientTestExtensions.Message("named"), ct));
        }

        await using (var gateway = await StartGatewayAsync(upstream, "backendTLS: {root: upstream-ca.pem, hostname: other.internal}", ct))
        {
            await AssertTlsRefusedAsync(gateway, ct);
        }
    }

    [Fact]
    public async Task ClientCertificate_IsPresentedToAnUpstreamThatRequiresOne()
    {
        var ct = TestContext.Current.CancellationToken;
        using var certificate = _upstreamCa.IssueServer();
        await using var upstream = await StartUpstreamAsync(certificate, requireClientCertificate: true, ct);

        await using (var gateway = await StartGatewayAsync(upstream, "backendTLS: {root: upstream-ca.pem, cert: gateway.pem, key: gateway-key.pem}", ct))
        await using (var client = await gateway.ConnectAsync(cancellationToken: ct))
        {
            Assert.Equal("Echo: mutual", await client.CallTextAsync("echo", McpClientTestExtensions.Message("mutual"), ct));
        }

        // The same upstream refuses the gateway when it presents nothing. (With TLS 1.3 the server's refusal of a client
        // certificate comes after the client's side of the handshake is done: the gateway sees the connection end, with
        // no TLS error to check, so this case asserts the refusal only.)
        await using (var gateway = await StartGatewayAsync(upstream, "backendTLS: {root: upstream-ca.pem}", ct))
        {
            await Assert.ThrowsAnyAsync<McpException>(() => gateway.ConnectAsync(cancellationToken: ct));
        }
    }

    /// <summary>
    /// The client's initialize fails because the gateway could not verify the target's certificate (the SSL error is in
    /// the failure or the log), not for any other reason a target may fail to start.
    /// </summary>
    private static async Task<McpException> AssertTlsRefusedAsync(GatewayTestHost gateway, CancellationToken ct)
    {
        var error = await Assert.ThrowsAnyAsync<McpException>(() => gateway.ConnectAsync(cancellationToken: ct));
        Assert.True(error.ToString().Contains("SSL", StringComparison.Ordinal)
            || gateway.Logs.Entries.Any(e => e.ToString().Contains("SSL", StringComparison.Ordinal)), gateway.Logs.Dump());
        return error;
    }

    public void Dispose()
    {
        _upstreamCa.Dispose();
        _gatewayCa.Dispose();
        _directory.Delete(recursive: true);
    }

    private string FilePath(string name) => Path.Combine(_directory.FullName, name);

    private Task<GatewayTestHost> StartGatewayAsync(WebApplication upstream, string? policy, CancellationToken cancellationToken)
    {
        var target = $"{{name: secure, mcp: {{host: '{TestServerHost.GetMcpUri(upstream)}'}}{(policy is null ? "" : $", policies: {{{policy}}}")}}}";
        var route = "{backends: [{mcp: {targets: [" + target + "]}}]}";
        var yaml = $$"""
            binds:
            - port: {port}
              listeners:
              - routes: [{{route}}]
            """;
        return GatewayTestHost.StartAsync(yaml, cancellationToken, FilePath("config.yaml"));
    }

    /// <summary>The test MCP server over HTTPS; with <paramref name="requireClientCertificate"/>, only clients with a certificate from the gateway's CA get in.</summary>
    private Task<WebApplication> StartUpstreamAsync(X509Certificate2 certificate, bool requireClientCertificate, CancellationToken cancellationToken) =>
        TestServerHost.StartHttpAsync(new TestServerOptions
        {
            Name = "secure",
            Https = https =>
            {
                https.ServerCertificate = certificate;
                if (requireClientCertificate)
                {
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (client, _, _) =>
                    {
                        using var chain = new X509Chain();
                        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                        chain.ChainPolicy.CustomTrustStore.Add(_gatewayCa.Certificate);
                        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                        return chain.Build(client) && client.Subject.Contains("CN=gateway", StringComparison.Ordinal);
                    };
                }
            },
        }, cancellationToken);
}
