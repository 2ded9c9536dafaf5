using AgentGateway.Config.Model;
using AgentGateway.Utilities;

namespace AgentGateway.Config.Validation;

/// <summary>
/// Checks listener <c>tls</c> and <c>backendTLS</c>: the protocol and the settings agree, every listener of a bind
/// is TLS or none is, the certificate files exist and are PEM, each key belongs to its certificate, and the TLS
/// version is one that is accepted.
/// </summary>
internal sealed class TlsValidator : IConfigSectionValidator
{
    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        foreach (var (bind, bindPath) in ConfigTree.Binds(config))
        {
            ValidateBind(bind, bindPath, context);
        }

        foreach (var (policies, path) in ConfigTree.Policies(config))
        {
            if (policies.BackendTLS is { } tls)
            {
                ValidateBackend(tls, path.Property("backendTLS"), context);
            }
        }

        foreach (var (target, path) in ConfigTree.McpTargets(config))
        {
            if (target.Policies?.BackendTLS is not { } tls)
            {
                continue;
            }

            var tlsPath = path.Property("policies").Property("backendTLS");
            ValidateBackend(tls, tlsPath, context);
            var http = target.Mcp ?? target.Sse;
            if (http is null)
            {
                context.AddError(tlsPath, "'backendTLS' sets how HTTPS targets are reached; a stdio target has no connection to secure, so remove it");
            }
            else if (!IsHttps(http))
            {
                context.AddError(tlsPath, $"'backendTLS' applies to https:// targets, but '{http.Host}' is reached over plain HTTP; write the target's URL with https://");
            }
        }
    }

    /// <summary>Whether the gateway reaches <paramref name="http"/> over TLS: an <c>https://</c> URL, or port 443.</summary>
    public static bool IsHttps(HttpTargetConfig http) =>
        Uri.TryCreate(http.Host, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.Scheme == Uri.UriSchemeHttps
            : http.Port == 443;

    private static void ValidateBind(BindConfig bind, ConfigPath bindPath, ConfigValidationContext context)
    {
        var tlsListeners = new List<(ListenerConfig Listener, ConfigPath Path)>();
        var plain = 0;
        for (var i = 0; i < bind.Listeners.Count; i++)
        {
            var listener = bind.Listeners[i];
            var path = bindPath.Property("listeners").Index(i);
            if (listener.Protocol == ListenerProtocol.Https && listener.Tls is null)
            {
                context.AddError(path.Property("protocol"), "protocol HTTPS needs 'tls' with the certificate: add tls: {cert: cert.pem, key: key.pem}");
            }
            else if (listener.Tls is not null && listener.Protocol == ListenerProtocol.Http && context.IsWritten(path.Property("protocol")))
            {
                context.AddError(path.Property("protocol"), "a listener with 'tls' serves HTTPS; write protocol: HTTPS (or leave 'protocol' out)");
            }

            if (listener.Tls is { } tls)
            {
                ValidateListener(tls, path.Property("tls"), context);
                tlsListeners.Add((listener, path));
            }
            else
            {
                plain++;
            }
        }

        if (tlsListeners.Count > 0 && plain > 0)
        {
            context.AddError(bindPath.Property("listeners"),
                $"port {bind.Port} has listeners with and without TLS; a port serves either HTTPS or plain HTTP, so give every listener of this bind 'tls' or move the plain ones to another bind");
        }

        // The certificate is chosen by the name the client asks for in the handshake (SNI): two listeners answering
        // the same names would leave the choice to their order.
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (listener, path) in tlsListeners)
        {
            var name = string.IsNullOrWhiteSpace(listener.Hostname) ? "*" : listener.Hostname.Trim();
            if (!seen.TryAdd(name, seen.Count))
            {
                context.AddError(path.Property("hostname"),
                    $"another HTTPS listener of port {bind.Port} already answers host name '{name}'; the certificate is chosen by the name the client asks for (SNI), so give each HTTPS listener its own 'hostname'");
            }
        }
    }

    private static void ValidateListener(ListenerTlsConfig tls, ConfigPath path, ConfigValidationContext context)
    {
        ValidateCertificate(tls.Cert, tls.Key, path, required: true, context);
        if (tls.Root is { } root)
        {
            ValidateBundle(root, path.Property("root"), context);
        }

        if (tls.MinTLSVersion is { } version && !TlsVersions.TryParse(version, out _))
        {
            context.AddError(path.Property("minTLSVersion"), TlsVersions.IsObsolete(version)
                ? $"TLS version '{version}' is refused: versions before 1.2 are insecure; use 1.2 or 1.3"
                : $"unknown TLS version '{version}'; use 1.2 or 1.3");
        }
    }

    private static void ValidateBackend(BackendTlsConfig tls, ConfigPath path, ConfigValidationContext context)
    {
        ValidateCertificate(tls.Cert, tls.Key, path, required: false, context);
        if (tls.Root is { } root)
        {
            ValidateBundle(root, path.Property("root"), context);
            if (tls.Insecure)
            {
                context.AddError(path.Property("insecure"), "'insecure: true' skips verification, so 'root' would never be used; remove one of them");
            }
        }

        if (tls.Hostname is { } hostname && !ConfigRules.IsHostName(hostname))
        {
            context.AddError(path.Property("hostname"), $"hostname '{hostname}' is not a host name; write the DNS name the target's certificate carries, without scheme or port");
        }
    }

    private static void ValidateCertificate(string? cert, string? key, ConfigPath path, bool required, ConfigValidationContext context)
    {
        if (cert is null || key is null)
        {
            if (cert is not null || key is not null || required)
            {
                context.AddError(path.Property(cert is null ? "cert" : "key"),
                    cert is null ? "the certificate file is missing: set 'cert' (PEM) next to 'key'" : "the private key file is missing: set 'key' (PEM) next to 'cert'");
            }

            return;
        }

        var source = context.SourceMap.SourceName;
        try
        {
            PemCertificates.LoadBundle(ConfigFilePaths.Resolve(source, cert), "certificate");
        }
        catch (PemCertificateException ex)
        {
            context.AddError(path.Property("cert"), ex.Message + " (relative paths are relative to the configuration file)");
            return;
        }

        try
        {
            var loaded = PemCertificates.LoadWithKey(ConfigFilePaths.Resolve(source, cert), ConfigFilePaths.Resolve(source, key));
            loaded.Certificate.Dispose();
        }
        catch (PemCertificateException ex)
        {
            context.AddError(path.Property("key"), ex.Message);
        }
    }

    private static void ValidateBundle(string file, ConfigPath path, ConfigValidationContext context)
    {
        try
        {
            PemCertificates.LoadBundle(ConfigFilePaths.Resolve(context.SourceMap.SourceName, file));
        }
        catch (PemCertificateException ex)
        {
            context.AddError(path, ex.Message + " (relative paths are relative to the configuration file)");
        }
    }
}
