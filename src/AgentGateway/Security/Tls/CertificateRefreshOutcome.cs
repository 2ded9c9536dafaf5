namespace AgentGateway.Security.Tls;

/// <summary>What a certificate file check found.</summary>
internal enum CertificateRefreshOutcome
{
    /// <summary>The files have not changed (or were changed back to what is in use).</summary>
    Unchanged,

    /// <summary>The files changed and the new content is now in use.</summary>
    Reloaded,

    /// <summary>The files changed but cannot be used (missing, not PEM, key mismatch); the previous content stays in use.</summary>
    Failed,
}
