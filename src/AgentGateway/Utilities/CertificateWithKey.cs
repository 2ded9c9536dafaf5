using System.Security.Cryptography.X509Certificates;

namespace AgentGateway.Utilities;

/// <summary>A certificate with its private key, and the intermediate certificates that followed it in its file.</summary>
/// <param name="Certificate">The leaf certificate, with its private key.</param>
/// <param name="Intermediates">The rest of the chain, possibly empty.</param>
internal sealed record CertificateWithKey(X509Certificate2 Certificate, X509Certificate2Collection Intermediates);
