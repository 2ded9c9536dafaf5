using AgentGateway.Config.Loading;
using AgentGateway.Config.Validation;
using AgentGateway.Testing;

namespace AgentGateway.Tests.Config;

/// <summary>
/// <see cref="TlsValidator"/>: listener <c>tls</c> and <c>backendTLS</c> against real PEM files made in the test
/// (missing, not PEM, a key of another certificate), versions, and where the settings may appear.
/// </summary>
public sealed class TlsValidatorTests : IDisposable
{
    private const string Route = "routes: [{backends: [{mcp: {targets: [{name: a, stdio: {cmd: npx}}]}}]}]";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("agw-tls-validate-");

    public TlsValidatorTests()
    {
        using var ca = TestCertificateAuthority.Create();
        using var server = ca.IssueServer();
        using var other = ca.IssueServer("other.localhost");
        ca.WriteCertificate(FilePath("ca.pem"));
        TestCertificateAuthority.WritePem(server, FilePath("cert.pem"), FilePath("key.pem"));
        TestCertificateAuthority.WritePem(other, FilePath("other.pem"), FilePath("other-key.pem"));
        File.WriteAllText(FilePath("garbage.pem"), "this is not PEM\n");
        File.WriteAllText(FilePath("config.yaml"), "# written by the test\n");
    }

    public static TheoryData<string, string, string> ListenerErrors => new()
    {
        { "tls: {cert: missing.pem, key: key.pem}", "tls.cert", "certificate file '" },
        { "tls: {cert: garbage.pem, key: key.pem}", "tls.cert", "holds no PEM certificate" },
        { "tls: {cert: cert.pem, key: garbage.pem}", "tls.key", "holds no RSA or ECDSA private key" },
        { "tls: {cert: cert.pem, key: other-key.pem}", "tls.key", "does not belong to the certificate" },
        { "tls: {cert: cert.pem}", "tls.key", "the private key file is missing" },
        { "tls: {key: key.pem}", "tls.cert", "the certificate file is missing" },
        { "tls: {cert: cert.pem, key: key.pem, root: garbage.pem}", "tls.root", "holds no PEM certificate" },
        { "tls: {cert: cert.pem, key: key.pem, minTLSVersion: '1.1'}", "tls.minTLSVersion", "versions before 1.2 are insecure" },
        { "tls: {cert: cert.pem, key: key.pem, minTLSVersion: TLS_V1_0}", "tls.minTLSVersion", "versions before 1.2 are insecure" },
        { "tls: {cert: cert.pem, key: key.pem, minTLSVersion: '1.4'}", "tls.minTLSVersion", "unknown TLS version '1.4'; use 1.2 or 1.3" },
        { "protocol: HTTP\n  tls: {cert: cert.pem, key: key.pem}", "protocol", "a listener with 'tls' serves HTTPS" },
    };

    [Theory]
    [MemberData(nameof(ListenerErrors))]
    public void Validate_BadListenerTls_ReportsPathAndMessage(string tls, string path, string message)
    {
        var result = Load($"binds:\n- port: 3000\n  listeners:\n  - protocol: HTTPS\n    {tls.Replace("\n  ", "\n    ", StringComparison.Ordinal)}\n    {Route}");
        if (tls.StartsWith("protocol", StringComparison.Ordinal))
        {
            result = Load($"binds:\n- port: 3000\n  listeners:\n  - {tls.Replace("\n  ", "\n    ", StringComparison.Ordinal)}\n    {Route}");
        }

        AssertSingle(result, "binds[0].listeners[0]." + path, message);
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("1.3")]
    [InlineData("TLS_V1_2")]
    [InlineData("TLS_V1_3")]
    public void Validate_GoodListenerTls_IsAccepted(string version)
    {
        var result = Load($"binds:\n- port: 3000\n  listeners:\n  - tls: {{cert: cert.pem, key: key.pem, root: ca.pem, minTLSVersion: '{version}'}}\n    {Route}");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("cert.pem", result.Config!.Binds[0].Listeners[0].Tls!.Cert);
    }

    [Fact]
    public void Validate_BindMixingHttpsAndHttpListeners_IsRefused()
    {
        var result = Load($"""
            binds:
            - port: 3000
              listeners:
              - hostname: a.example.com
                tls: {"{"}cert: cert.pem, key: key.pem{"}"}
                {Route}
              - hostname: b.example.com
                {Route}
            """);

        AssertSingle(result, "binds[0].listeners", "port 3000 has listeners with and without TLS");
    }

    [Fact]
    public void Validate_TwoHttpsListenersForTheSameHost_AreRefused()
    {
        var result = Load($"""
            binds:
            - port: 3000
              listeners:
              - tls: {"{"}cert: cert.pem, key: key.pem{"}"}
                {Route}
              - tls: {"{"}cert: other.pem, key: other-key.pem{"}"}
                {Route}
            """);

        AssertSingle(result, "binds[0].listeners[1].hostname", "already answers host name '*'");
    }

    public static TheoryData<string, string, string> BackendErrors => new()
    {
        { "{name: a, stdio: {cmd: npx}, policies: {backendTLS: {insecure: true}}}", "targets[0].policies.backendTLS", "a stdio target has no connection to secure" },
        { "{name: a, mcp: {host: 'http://127.0.0.1:8080/mcp'}, policies: {backendTLS: {root: ca.pem}}}", "targets[0].policies.backendTLS", "write the target's URL with https://" },
        { "{name: a, mcp: {host: 'https://127.0.0.1:8443/mcp'}, policies: {backendTLS: {root: missing.pem}}}", "targets[0].policies.backendTLS.root", "does not exist" },
        { "{name: a, mcp: {host: 'https://127.0.0.1:8443/mcp'}, policies: {backendTLS: {root: ca.pem, insecure: true}}}", "targets[0].policies.backendTLS.insecure", "remove one of them" },
        { "{name: a, mcp: {host: 'https://127.0.0.1:8443/mcp'}, policies: {backendTLS: {cert: cert.pem}}}", "targets[0].policies.backendTLS.key", "the private key file is missing" },
        { "{name: a, mcp: {host: 'https://127.0.0.1:8443/mcp'}, policies: {backendTLS: {cert: cert.pem, key: other-key.pem}}}", "targets[0].policies.backendTLS.key", "does not belong to the certificate" },
        { "{name: a, mcp: {host: 'https://127.0.0.1:8443/mcp'}, policies: {backendTLS: {hostname: 'https://x'}}}", "targets[0].policies.backendTLS.hostname", "is not a host name" },
    };

    [Theory]
    [MemberData(nameof(BackendErrors))]
    public void Validate_BadBackendTls_ReportsPathAndMessage(string target, string path, string message)
    {
        var result = Load($"mcp:\n  targets:\n  - {target}\n");

        AssertSingle(result, "mcp." + path, message);
    }

    [Fact]
    public void Validate_BackendTlsOnARouteBackend_IsAccepted()
    {
        var result = Load("""
            binds:
            - port: 3000
              listeners:
              - routes:
                - backends:
                  - mcp: {targets: [{name: a, mcp: {host: 'https://127.0.0.1:8443/mcp'}}]}
                    policies: {backendTLS: {root: ca.pem, hostname: mcp.internal, cert: cert.pem, key: key.pem}}
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("mcp.internal", result.Config!.Binds[0].Listeners[0].Routes[0].Backends[0].Policies!.BackendTLS!.Hostname);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private string FilePath(string name) => Path.Combine(_directory.FullName, name);

    private ConfigLoadResult Load(string yaml) => new ConfigLoader(_ => null).LoadText(yaml, FilePath("config.yaml"));

    private static void AssertSingle(ConfigLoadResult result, string path, string message)
    {
        Assert.True(result.Errors.Count == 1, "expected one error, got:\n" + string.Join("\n", result.Errors));
        Assert.Equal(path, result.Errors[0].Path);
        Assert.Contains(message, result.Errors[0].Message, StringComparison.Ordinal);
    }
}
