using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AgentGateway.Security.Tls;

/// <summary>
/// The compiled <c>tls</c> of one HTTPS listener: its certificate, the protocols it accepts, and the CAs client
/// certificates must chain to (mutual TLS). Immutable; the certificate files behind it may be reloaded.
/// </summary>
internal sealed class ServerTlsSettings
{
    private static readonly Oid s_clientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    public ServerTlsSettings(string key, CertificateFileSource<ServerCertificate> certificate, SslProtocols protocols, CertificateFileSource<X509Certificate2Collection>? clientRoots)
    {
        Key = key;
        Certificate = certificate;
        Protocols = protocols;
        ClientRoots = clientRoots;
    }

    /// <summary>
    /// Identifies the settings by what they say (files and versions), so that a connection's handshake can be compared
    /// with the listener a request on it selects, also across configuration reloads.
    /// </summary>
    public string Key { get; }

    /// <summary>The server certificate.</summary>
    public CertificateFileSource<ServerCertificate> Certificate { get; }

    /// <summary>The TLS versions accepted.</summary>
    public SslProtocols Protocols { get; }

    /// <summary>The CAs a client certificate must chain to, or null when no client certificate is asked for.</summary>
    public CertificateFileSource<X509Certificate2Collection>? ClientRoots { get; }

    /// <summary>The options of one handshake, with the certificate and CAs in use right now.</summary>
    public SslServerAuthenticationOptions CreateOptions()
    {
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = Certificate.Current.Context,
            EnabledSslProtocols = Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (ClientRoots is { } roots)
        {
            // Only the configured CAs are trusted (never the system's roots): a public CA must not vouch for a client.
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(roots.Current);
            policy.ApplicationPolicy.Add(s_clientAuthentication);
            options.ClientCertificateRequired = true;
            options.CertificateChainPolicy = policy;

            // No certificate, one that does not chain to the CAs, or one not meant for client authentication: the handshake fails.
            options.RemoteCertificateValidationCallback = static (_, certificate, _, errors) => certificate is not null && errors == SslPolicyErrors.None;
        }

        return options;
    }
}
