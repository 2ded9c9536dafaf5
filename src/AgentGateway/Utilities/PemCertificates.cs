using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AgentGateway.Utilities;

/// <summary>
/// Reads PEM certificate files: a certificate with its private key (the leaf first, then any intermediates), and
/// CA bundles. Every failure is reported as a sentence naming the file and what is wrong with it, for configuration
/// errors and reload logs alike.
/// </summary>
internal static class PemCertificates
{
    /// <summary>Loads the certificate chain in <paramref name="certPath"/> and the private key of its first certificate from <paramref name="keyPath"/>.</summary>
    /// <exception cref="PemCertificateException">A file is missing, unreadable, not PEM, or the key does not belong to the certificate.</exception>
    public static CertificateWithKey LoadWithKey(string certPath, string keyPath)
    {
        var chain = LoadBundle(certPath, "certificate");
        var leaf = chain[0];
        var keyText = Read(keyPath, "key");
        var key = ImportKey(keyText, keyPath);
        try
        {
            if (!leaf.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                throw new PemCertificateException($"the private key in '{keyPath}' does not belong to the certificate in '{certPath}' ({leaf.Subject})");
            }

            var withKey = key switch
            {
                RSA rsa => leaf.CopyWithPrivateKey(rsa),
                ECDsa ecdsa => leaf.CopyWithPrivateKey(ecdsa),
                _ => throw new PemCertificateException($"the key in '{keyPath}' is neither RSA nor ECDSA"),
            };

            // Windows' TLS stack cannot use a key that lives only in memory; a round trip through PKCS#12 persists it.
            if (OperatingSystem.IsWindows())
            {
                using var ephemeral = withKey;
                withKey = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
            }

            var intermediates = new X509Certificate2Collection();
            for (var i = 1; i < chain.Count; i++)
            {
                intermediates.Add(chain[i]);
            }

            return new CertificateWithKey(withKey, intermediates);
        }
        finally
        {
            key.Dispose();
        }
    }

    /// <summary>Loads every certificate of a PEM bundle (a CA file, or a certificate chain).</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, for messages ("CA bundle", "certificate").</param>
    /// <exception cref="PemCertificateException">The file is missing, unreadable, or holds no PEM certificate.</exception>
    public static X509Certificate2Collection LoadBundle(string path, string what = "CA bundle")
    {
        var text = Read(path, what);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException ex)
        {
            throw new PemCertificateException($"{what} file '{path}' holds a PEM certificate that cannot be read: {ex.Message}");
        }

        return certificates.Count == 0
            ? throw new PemCertificateException($"{what} file '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
            : certificates;
    }

    private static string Read(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PemCertificateException($"{what} file '{path}' does not exist");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PemCertificateException($"cannot read {what} file '{path}': {ex.Message}");
        }
    }

    private static AsymmetricAlgorithm ImportKey(string text, string path)
    {
        if (text.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new PemCertificateException($"the private key in '{path}' is encrypted; write it unencrypted (e.g. openssl pkey -in key.pem -out plain.pem)");
        }

        foreach (var create in (ReadOnlySpan<Func<AsymmetricAlgorithm>>)[RSA.Create, ECDsa.Create])
        {
            var key = create();
            try
            {
                key.ImportFromPem(text);
                return key;
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                key.Dispose();
            }
        }

        throw new PemCertificateException($"key file '{path}' holds no RSA or ECDSA private key in PEM (-----BEGIN PRIVATE KEY-----)");
    }

    
}
