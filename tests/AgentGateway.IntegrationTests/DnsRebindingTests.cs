using System.Net;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary><c>dnsRebindingProtection</c>: a non-local Host or Origin gets 403; local ones pass; off by default.</summary>
public sealed class DnsRebindingTests
{
    [Theory]
    [InlineData("127.0.0.1", null, HttpStatusCode.OK)]
    [InlineData("localhost", "http://localhost:6274", HttpStatusCode.OK)]
    [InlineData("[::1]", null, HttpStatusCode.OK)]
    [InlineData("evil.example", null, HttpStatusCode.Forbidden)]
    [InlineData("127.0.0.1", "http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("localhost.evil.example", "http://localhost", HttpStatusCode.Forbidden)]
    public async Task HostAndOrigin_AreChecked(string host, string? origin, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(
            Targets.Config("dnsRebindingProtection: true", Targets.TestServer("a")), ct);
        using var http = gateway.CreateHttp();
        (string, string)[] hostHeader = [("Host", host + ":" + gateway.Port)];
        using var response = await http.PostInitializeWithAsync(origin is null ? hostHeader : [.. hostHeader, ("Origin", origin)], ct);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Off_ByDefault()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.TestServer("a")), ct);
        using var http = gateway.CreateHttp();
        using var response = await http.PostInitializeWithAsync([("Host", "gateway.example.com:" + gateway.Port)], ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
