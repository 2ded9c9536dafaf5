namespace AgentGateway.Security.Tls;

/// <summary>The outcome of <see cref="ICertificateFileSource.Refresh"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Error">For <see cref="CertificateRefreshOutcome.Failed"/>: why the new files were not used.</param>
internal readonly record struct CertificateRefresh(CertificateRefreshOutcome Outcome, string? Error = null);
