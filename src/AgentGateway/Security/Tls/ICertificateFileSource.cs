namespace AgentGateway.Security.Tls;

/// <summary>A certificate (or CA bundle) read from files, re-read when they change. See <see cref="CertificateFileSource{T}"/>.</summary>
internal interface ICertificateFileSource
{
    /// <summary>What the files hold and where, for logs (never their content).</summary>
    string Description { get; }

    /// <summary>Re-reads the files if their content changed; a broken new content keeps the current value.</summary>
    CertificateRefresh Refresh();
}
