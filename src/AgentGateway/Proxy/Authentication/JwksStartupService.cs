using AgentGateway.Security.Authentication;

namespace AgentGateway.Proxy.Authentication;

/// <summary>
/// At startup, waits for the first load of every signing-key set (each bounded by its fetch timeout), so that the
/// first requests do not race the first fetch. A key set that cannot be loaded does not stop the gateway: its requests
/// get 401 until a retry succeeds.
/// </summary>
internal sealed class JwksStartupService(JwksProviderRegistry registry) : IHostedService
{
    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => registry.WaitForInitialLoadAsync(cancellationToken);

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
