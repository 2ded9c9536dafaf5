using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using AgentGateway.Utilities;

namespace AgentGateway.Security.Tls;

/// <summary>A certificate with its private key and chain, ready for TLS handshakes (server side, or as a client certificate).</summary>
internal sealed class ServerCertificate
{
    private ServerCertificate(CertificateWithKey loaded)
    {
        Certificate = loaded.Certificate;
        Intermediates = loaded.Intermediates;

        // offline: the chain is built from the file's intermediates and the machine's stores, never fetched.
        Context = SslStreamCertificateContext.Create(loaded.Certificate, loaded.Intermediates, offline: true);
    }

    /// <summary>The leaf certificate, with its key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The intermediates that followed the leaf in its file.</summary>
    public X509Certificate2Collection Intermediates { get; }

    /// <summary>The certificate and its chain, as the TLS stack sends them.</summary>
    public SslStreamCertificateContext Context { get; }

    /// <summary>Loads a PEM certificate (chain) and its key.</summary>
    /// <exception cref="PemCertificateException">The files cannot be used.</exception>
    public static ServerCertificate Load(string certPath, string keyPath) => new(PemCertificates.LoadWithKey(certPath, keyPath));
}
