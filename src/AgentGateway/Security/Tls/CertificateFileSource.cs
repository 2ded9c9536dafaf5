using System.Security.Cryptography;
using AgentGateway.Utilities;

namespace AgentGateway.Security.Tls;

/// <summary>
/// A value read from certificate files (a certificate with its key, or a CA bundle), swapped atomically when the files
/// change. Readers take <see cref="Current"/> once per TLS handshake, so a new connection sees a new certificate while
/// connections already open keep theirs.
/// </summary>
/// <remarks>
/// Changes are found by content hash (polled by the reload service), as the configuration file is: this sees editors
/// that replace files and mounted secrets whose change notifications never arrive. A change that cannot be used (a
/// certificate written before its key, a broken file) is reported once and the previous value keeps serving; the next
/// change is tried again.
/// </remarks>
/// <typeparam name="T">The value made from the files.</typeparam>
internal sealed class CertificateFileSource<T> : ICertificateFileSource
    where T : class
{
    private readonly string[] _paths;
    private readonly Func<string[], T> _load;
    private readonly Lock _refreshLock = new();
    private volatile State _state;

    /// <summary>Reads the files now.</summary>
    /// <param name="description">What the files hold, for logs.</param>
    /// <param name="paths">The absolute paths of the files.</param>
    /// <param name="load">Makes the value from the files; throws <see cref="PemCertificateException"/> when it cannot.</param>
    /// <exception cref="PemCertificateException">The files cannot be used.</exception>
    public CertificateFileSource(string description, string[] paths, Func<string[], T> load)
    {
        Description = description;
        _paths = paths;
        _load = load;
        var value = load(paths);
        _state = new State(value, Hash(paths) ?? throw new PemCertificateException($"cannot read {string.Join(" or ", paths)}"));
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <summary>The value in use.</summary>
    public T Current => _state.Value;

    /// <inheritdoc/>
    public CertificateRefresh Refresh()
    {
        lock (_refreshLock)
        {
            var hash = Hash(_paths);
            var state = _state;
            if (hash is null)
            {
                // Missing or unreadable: possibly being replaced right now. Report it once; look again at the next tick.
                if (state.FailedHash is [])
                {
                    return new CertificateRefresh(CertificateRefreshOutcome.Unchanged);
                }

                _state = state with { FailedHash = [] };
                return new CertificateRefresh(CertificateRefreshOutcome.Failed, $"cannot read {string.Join(" or ", _paths)}");
            }

            if (hash.AsSpan().SequenceEqual(state.Hash) || (state.FailedHash is { } failed && hash.AsSpan().SequenceEqual(failed)))
            {
                return new CertificateRefresh(CertificateRefreshOutcome.Unchanged);
            }

            try
            {
                _state = new State(_load(_paths), hash);
                return new CertificateRefresh(CertificateRefreshOutcome.Reloaded);
            }
            catch (PemCertificateException ex)
            {
                _state = state with { FailedHash = hash };
                return new CertificateRefresh(CertificateRefreshOutcome.Failed, ex.Message);
            }
        }
    }

    private static byte[]? Hash(string[] paths)
    {
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var path in paths)
            {
                hash.AppendData(File.ReadAllBytes(path));
                hash.AppendData([0]);
            }

            return hash.GetHashAndReset();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The value, the hash of the files it was made from, and the hash of files that could not be used (not tried again).</summary>
    private sealed record State(T Value, byte[] Hash, byte[]? FailedHash = null);
}
