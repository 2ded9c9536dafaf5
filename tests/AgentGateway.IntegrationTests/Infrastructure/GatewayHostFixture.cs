namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>
/// One gateway shared by the tests of a class (<c>IClassFixture</c>), started on <see cref="Config"/> and stopped
/// with the class. Each test opens its own sessions on it.
/// </summary>
public abstract class GatewayHostFixture : IAsyncLifetime
{
    public GatewayTestHost Host { get; private set; } = null!;

    /// <summary>The configuration (see <see cref="Targets.Config"/>), read when the class's first test starts.</summary>
    protected abstract string Config { get; }

    public async ValueTask InitializeAsync() =>
        Host = await GatewayTestHost.StartAsync(Config, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
