using AgentGateway.Security.Tls;
using AgentGateway.Testing;
using AgentGateway.Utilities;

namespace AgentGateway.Tests.Security.Tls;

/// <summary><see cref="CertificateFileSource{T}"/> through <see cref="TlsCertificateStore"/>: swapped on change, kept when the new files are broken.</summary>
public sealed class CertificateFileSourceTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("agw-cert-source-");
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();

    private string CertPath => Path.Combine(_directory.FullName, "cert.pem");

    private string KeyPath => Path.Combine(_directory.FullName, "key.pem");

    [Fact]
    public void Refresh_UnchangedFiles_KeepsTheSameValue()
    {
        WriteServer("first.localhost");
        var source = TlsCertificateStore.CreateUnlogged().Certificate(CertPath, KeyPath);
        var before = source.Current;

        Assert.Equal(CertificateRefreshOutcome.Unchanged, source.Refresh().Outcome);
        Assert.Same(before, source.Current);
    }

    [Fact]
    public void Refresh_NewCertificate_IsSwappedIn()
    {
        WriteServer("first.localhost");
        var source = TlsCertificateStore.CreateUnlogged().Certificate(CertPath, KeyPath);

        var renewed = WriteServer("renewed.localhost");

        Assert.Equal(CertificateRefreshOutcome.Reloaded, source.Refresh().Outcome);
        Assert.Equal(renewed, source.Current.Certificate.Thumbprint);
    }

    [Fact]
    public void Refresh_CertificateWrittenBeforeItsKey_KeepsTheOldOne_ThenTakesTheNewPair()
    {
        var first = WriteServer("first.localhost");
        var source = TlsCertificateStore.CreateUnlogged().Certificate(CertPath, KeyPath);
        using var next = _ca.IssueServer("next.localhost");

        // Half a renewal: the new certificate next to the old key.
        TestCertificateAuthority.WritePem(next, CertPath);
        var refresh = source.Refresh();
        Assert.Equal(CertificateRefreshOutcome.Failed, refresh.Outcome);
        Assert.Contains("does not belong to the certificate", refresh.Error, StringComparison.Ordinal);
        Assert.Equal(first, source.Current.Certificate.Thumbprint);

        // Reported once, not at every poll.
        Assert.Equal(CertificateRefreshOutcome.Unchanged, source.Refresh().Outcome);

        TestCertificateAuthority.WritePem(next, CertPath, KeyPath);
        Assert.Equal(CertificateRefreshOutcome.Reloaded, source.Refresh().Outcome);
        Assert.Equal(next.Thumbprint, source.Current.Certificate.Thumbprint);
    }

    [Fact]
    public void Store_SameFiles_ShareOneSource()
    {
        WriteServer("first.localhost");
        var store = TlsCertificateStore.CreateUnlogged();

        Assert.Same(store.Certificate(CertPath, KeyPath), store.Certificate(CertPath, KeyPath));
    }

    [Fact]
    public void Store_BrokenFilesAtFirstLoad_ThrowArgumentExceptionNamingTheFile()
    {
        File.WriteAllText(CertPath, "not PEM");
        File.WriteAllText(KeyPath, "not PEM");

        var error = Assert.Throws<ArgumentException>(() => TlsCertificateStore.CreateUnlogged().Certificate(CertPath, KeyPath));
        Assert.Contains(CertPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadWithKey_EncryptedKey_IsRefusedWithTheWayOut()
    {
        WriteServer("first.localhost");
        File.WriteAllText(KeyPath, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");

        var error = Assert.Throws<PemCertificateException>(() => PemCertificates.LoadWithKey(CertPath, KeyPath));
        Assert.Contains("is encrypted", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _directory.Delete(recursive: true);
    }

    private string WriteServer(string name)
    {
        using var certificate = _ca.IssueServer(name);
        TestCertificateAuthority.WritePem(certificate, CertPath, KeyPath);
        return certificate.Thumbprint;
    }
}
