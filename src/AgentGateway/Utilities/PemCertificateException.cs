namespace AgentGateway.Utilities;

/// <summary>A PEM certificate or key file that cannot be used; the message names the file and what is wrong.</summary>
internal sealed class PemCertificateException(string message) : Exception(message);
