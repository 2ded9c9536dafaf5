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
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };
        using var request = new HttpRequestMessage(HttpMethod.Post, "mcp") { Content = new StringContent(McpHttp.InitializeBody()) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", McpHttp.BothAccept);
        request.Headers.Host = host + ":" + gateway.Port;
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        using var response = await client.SendAsync(request, ct);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Off_ByDefault()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.TestServer("a")), ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };
        using var request = new HttpRequestMessage(HttpMethod.Post, "mcp") { Content = new StringContent(McpHttp.InitializeBody()) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", McpHttp.BothAccept);
        request.Headers.Host = "gateway.example.com:" + gateway.Port;
        using var response = await client.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
