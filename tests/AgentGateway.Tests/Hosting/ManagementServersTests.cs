using AgentGateway.Config.Model;
using AgentGateway.Hosting;

namespace AgentGateway.Tests.Hosting;

public sealed class ManagementServersTests
{
    [Fact]
    public void Resolve_NothingWritten_WithDefaults_ServesTheReferenceDefaults()
    {
        var servers = ManagementServers.Resolve(null, useDefaults: true, bindPorts: [3000]);

        Assert.Equal(
            ["config.adminAddr 127.0.0.1:15000", "config.statsAddr 0.0.0.0:15020", "config.readinessAddr 0.0.0.0:15021"],
            servers.Addresses.Select(a => $"{a.Key} {a.Text}"));
        Assert.All(servers.Addresses, a => Assert.True(a.IsDefault));
    }

    [Fact]
    public void Resolve_NothingWritten_WithoutDefaults_ServesNothing()
    {
        var servers = ManagementServers.Resolve(new StaticConfig(), useDefaults: false, bindPorts: [3000]);

        Assert.Empty(servers.Addresses);
        Assert.Contains("off", servers.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_WrittenAddressesAndOff_AreTakenAsWritten()
    {
        var servers = ManagementServers.Resolve(
            new StaticConfig { AdminAddr = "off", StatsAddr = "[::1]:9100", ReadinessAddr = "localhost:9101" }, useDefaults: true, bindPorts: [3000]);

        Assert.Null(servers.Find(ManagementRole.Admin));
        var stats = servers.Find(ManagementRole.Stats)!;
        Assert.Equal(("[::1]", 9100, false), (stats.Host, stats.Port, stats.IsDefault));
        Assert.Equal("http://[::1]:9100", stats.Url);
        Assert.Equal(9101, servers.Find(ManagementRole.Readiness)!.Port);
        Assert.Equal("metrics http://[::1]:9100/metrics, readiness http://localhost:9101/healthz/ready", servers.Describe());
    }

    [Fact]
    public void Resolve_DefaultPortUsedByABind_FailsNamingTheSettingAndHowToTurnItOff()
    {
        var error = Assert.Throws<ArgumentException>(() => ManagementServers.Resolve(null, useDefaults: true, bindPorts: [15020]));

        Assert.Contains("config.statsAddr (default 0.0.0.0:15020)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'off'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_TwoAddressesOnOnePort_Fails()
    {
        var error = Assert.Throws<ArgumentException>(() => ManagementServers.Resolve(
            new StaticConfig { AdminAddr = "127.0.0.1:9000", StatsAddr = "0.0.0.0:9000" }, useDefaults: false, bindPorts: []));

        Assert.Contains("config.adminAddr (127.0.0.1:9000) and config.statsAddr (0.0.0.0:9000) use the same port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DescribeBindFailure_KestrelMessageForAManagementPort_NamesTheSettingAndTheWayOut()
    {
        var servers = ManagementServers.Resolve(new StaticConfig { AdminAddr = "127.0.0.1:9000" }, useDefaults: false, bindPorts: [3000]);
        var kestrel = new IOException("Failed to bind to address http://127.0.0.1:9000: address already in use.", new IOException("Address already in use"));

        var message = servers.DescribeBindFailure(kestrel);

        Assert.Equal(
            "cannot listen on 127.0.0.1:9000 for config.adminAddr (127.0.0.1:9000): Address already in use. " +
            "Set config.adminAddr to a free address (e.g. '127.0.0.1:9001'), or to 'off' to turn it off",
            message);
        Assert.Null(servers.DescribeBindFailure(new IOException("Failed to bind to address http://0.0.0.0:3000: address already in use.")));
    }
}
