using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AgentGateway.Security.Tls;

/// <summary>
/// The compiled <c>backendTLS</c> of an upstream: which CAs are trusted (<see cref="Roots"/>, else the system's), the
/// name the certificate must carry, whether verification is skipped, and the client certificate presented. Owns the
/// HTTP handler that connects with these settings, shared by every connection made under one configuration.
/// </summary>
/// <remarks>
/// The handler reads the certificate files' current values on every handshake, so rotated files apply to new
/// connections without a reload. Anything that sends HTTP upstream can use it: <see cref="Handler"/> for a client of
/// its own, or <see cref="Configure"/> to apply the settings to a <see cref="SocketsHttpHandler"/> it builds (a plain
/// HTTP forwarder, for instance).
/// </remarks>
internal sealed class BackendTlsSettings
{
    private static readonly Oid s_serverAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    private readonly Lazy<SocketsHttpHandler> _handler;

    public BackendTlsSettings(
        CertificateFileSource<X509Certificate2Collection>? roots, bool insecure, string? hostname, CertificateFileSource<ServerCertificate>? clientCertificate)
    {
        Roots = roots;
        Insecure = insecure;
        Hostname = hostname;
        ClientCertificate = clientCertificate;
        _handler = new Lazy<SocketsHttpHandler>(CreateHandler, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The only CAs trusted, or null for the system's roots.</summary>
    public CertificateFileSource<X509Certificate2Collection>? Roots { get; }

    /// <summary>Whether the upstream's certificate is accepted unverified.</summary>
    public bool Insecure { get; }

    /// <summary>The name the upstream's certificate must carry instead of the URL's host, or null.</summary>
    public string? Hostname { get; }

    /// <summary>The client certificate presented, or null.</summary>
    public CertificateFileSource<ServerCertificate>? ClientCertificate { get; }

    /// <summary>
    /// The handler that connects with these settings. Created on first use and never disposed by the gateway: it is
    /// dropped with the configuration that made it, and its idle connections close on their own.
    /// </summary>
    public SocketsHttpHandler Handler => _handler.Value;

    /// <summary>Applies the settings to the TLS options of an outgoing connection.</summary>
    public void Configure(SslClientAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.CertificateRevocationCheckMode = X509RevocationMode.NoCheck;
        options.RemoteCertificateValidationCallback = Validate;
        if (ClientCertificate is { } client)
        {
            options.LocalCertificateSelectionCallback = (_, _, _, _, _) => client.Current.Certificate;
        }
    }

    /// <summary>Whether the upstream's certificate is acceptable: chains to the trusted CAs and carries the expected name.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? platformChain, SslPolicyErrors errors)
    {
        if (Insecure)
        {
            return true;
        }

        if (Roots is null && Hostname is null)
        {
            return errors == SslPolicyErrors.None;
        }

        if (certificate is not X509Certificate2 leaf)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(s_serverAuthentication);
        if (Roots is { } roots)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots.Current);
        }

        // The intermediates the upstream sent (the platform's chain holds them); trust still comes only from the roots.
        if (platformChain is not null)
        {
            for (var i = 1; i < platformChain.ChainElements.Count; i++)
            {
                chain.ChainPolicy.ExtraStore.Add(platformChain.ChainElements[i].Certificate);
            }
        }

        var name = Hostname ?? (sender as SslStream)?.TargetHostName;
        return chain.Build(leaf) && !string.IsNullOrEmpty(name) && leaf.MatchesHostname(name);
    }

    private SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            SslOptions = new SslClientAuthenticationOptions(),
        };
        Configure(handler.SslOptions);
        return handler;
    }
}
