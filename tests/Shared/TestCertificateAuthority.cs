using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AgentGateway.Testing;

/// <summary>
/// A throwaway certificate authority made in the test (ECDSA P-256, valid for a day), issuing server certificates for
/// loopback names and client certificates; everything can be written out as PEM files. Never trusted by the machine.
/// </summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private readonly ECDsa _key;

    private TestCertificateAuthority(string name)
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=AgentGateway Tests", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>The CA's certificate (with its key).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Creates a CA named <paramref name="name"/>.</summary>
    public static TestCertificateAuthority Create(string name = "AgentGateway Test CA") => new(name);

    /// <summary>A server certificate for <c>localhost</c> and <c>127.0.0.1</c> (plus <paramref name="extraNames"/>), with its key.</summary>
    public X509Certificate2 IssueServer(string commonName = "localhost", params string[] extraNames)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in (string[])["localhost", .. extraNames])
        {
            names.AddDnsName(name);
        }

        names.AddIpAddress(IPAddress.Loopback);
        return Issue($"CN={commonName}", ServerAuthentication, names);
    }

    /// <summary>A client certificate <c>CN=<paramref name="commonName"/></c>, with a URI name when given, and its key.</summary>
    public X509Certificate2 IssueClient(string commonName, string? uri = null)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(commonName + ".clients.test");
        if (uri is not null)
        {
            names.AddUri(new Uri(uri));
        }

        return Issue($"CN={commonName}, O=Agents", ClientAuthentication, names);
    }

    /// <summary>Writes <paramref name="certificate"/> (PEM) to <paramref name="certPath"/> and its private key (PKCS#8 PEM) to <paramref name="keyPath"/>.</summary>
    public static void WritePem(X509Certificate2 certificate, string certPath, string? keyPath = null)
    {
        File.WriteAllText(certPath, certificate.ExportCertificatePem() + "\n");
        if (keyPath is not null)
        {
            using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the certificate has no ECDSA key");
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        }
    }

    /// <summary>Writes the CA's certificate (PEM) to <paramref name="path"/>.</summary>
    public void WriteCertificate(string path) => WritePem(Certificate, path);

    /// <inheritdoc/>
    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }

    private X509Certificate2 Issue(string subject, string usage, SubjectAlternativeNameBuilder names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(Certificate, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), serial);
        return issued.CopyWithPrivateKey(key);
    }
}
