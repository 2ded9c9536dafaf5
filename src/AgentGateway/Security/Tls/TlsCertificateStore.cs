using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using AgentGateway.Utilities;

namespace AgentGateway.Security.Tls;

/// <summary>
/// The certificate files in use, one <see cref="CertificateFileSource{T}"/> per set of files, shared by every
/// configuration that names them: a reloaded configuration keeps the same sources (and so the same watching), and the
/// reload service refreshes them all. Lives as long as the gateway.
/// </summary>
internal sealed partial class TlsCertificateStore(ILogger<TlsCertificateStore> logger)
{
    private readonly ConcurrentDictionary<string, ICertificateFileSource> _sources = new(StringComparer.Ordinal);

    /// <summary>A store that logs nowhere, for tests and tools that build a snapshot without a host.</summary>
    public static TlsCertificateStore CreateUnlogged() => new(Microsoft.Extensions.Logging.Abstractions.NullLogger<TlsCertificateStore>.Instance);

    /// <summary>The certificate and key in these files (absolute paths).</summary>
    /// <exception cref="ArgumentException">The files cannot be used (validation checks them first, so only a file changed since).</exception>
    public CertificateFileSource<ServerCertificate> Certificate(string certPath, string keyPath) =>
        Get($"certificate {certPath} (key {keyPath})", [certPath, keyPath], static p => ServerCertificate.Load(p[0], p[1]));

    /// <summary>The CA bundle in this file (absolute path).</summary>
    /// <exception cref="ArgumentException">The file cannot be used.</exception>
    public CertificateFileSource<X509Certificate2Collection> Bundle(string path) =>
        Get($"CA bundle {path}", [path], static p => PemCertificates.LoadBundle(p[0]));

    /// <summary>Re-reads every changed file; logs what was reloaded and what was refused.</summary>
    public void RefreshAll()
    {
        foreach (var source in _sources.Values)
        {
            Report(source, source.Refresh());
        }
    }

    /// <summary>Logs that an upstream's certificate is not verified (<c>backendTLS.insecure</c>), once per configuration load.</summary>
    public void WarnInsecure(string target) => Log.InsecureUpstream(logger, target);

    private CertificateFileSource<T> Get<T>(string description, string[] paths, Func<string[], T> load)
        where T : class
    {
        if (_sources.TryGetValue(description, out var existing))
        {
            // A (re)loaded configuration sees the files as they are now, not as they were at the last poll.
            Report(existing, existing.Refresh());
            return (CertificateFileSource<T>)existing;
        }

        try
        {
            return (CertificateFileSource<T>)_sources.GetOrAdd(description, _ => new CertificateFileSource<T>(description, paths, load));
        }
        catch (PemCertificateException ex)
        {
            throw new ArgumentException(ex.Message, ex);
        }
    }

    private void Report(ICertificateFileSource source, CertificateRefresh refresh)
    {
        switch (refresh.Outcome)
        {
            case CertificateRefreshOutcome.Reloaded:
                Log.CertificateReloaded(logger, source.Description);
                break;
            case CertificateRefreshOutcome.Failed:
                Log.CertificateReloadFailed(logger, source.Description, refresh.Error ?? "");
                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Reloaded {Source}; new connections use it")]
        public static partial void CertificateReloaded(ILogger logger, string source);

        [LoggerMessage(EventId = 1602, Level = LogLevel.Error, Message = "{Source} changed but cannot be used ({Error}); the previous one keeps serving")]
        public static partial void CertificateReloadFailed(ILogger logger, string source, string error);

        [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "MCP target '{Target}' has backendTLS.insecure: its certificate is not verified, so anyone on the path can impersonate it; use 'root' outside of tests")]
        public static partial void InsecureUpstream(ILogger logger, string target);
    }
}
