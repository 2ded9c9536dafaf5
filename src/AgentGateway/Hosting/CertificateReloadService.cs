using AgentGateway.Security.Tls;

namespace AgentGateway.Hosting;

/// <summary>
/// Polls the certificate files in use (listener <c>tls</c>, <c>backendTLS</c>) and swaps in changed ones: new
/// connections get the new certificate, open ones keep theirs. A broken new file is logged and the previous
/// certificate kept. Polled like the configuration file, for the same reasons (replaced files, mounted secrets).
/// </summary>
internal sealed class CertificateReloadService(TlsCertificateStore certificates, GatewayHostOptions options, TimeProvider time) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ReloadPollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                certificates.RefreshAll();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; also when the host never started (a port in use), which ends the service without a stop: not a
            // failure to log.
        }
    }
}
