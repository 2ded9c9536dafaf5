using System.Net;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary><c>cors</c>: a browser-style preflight then an authenticated MCP call, from an allowed and a foreign origin.</summary>
public sealed class CorsTests
{
    private const string Audience = "https://api.example.com";

    [Fact]
    public async Task Preflight_IsAnsweredBeforeAuthentication_AndTheCallExposesTheMcpHeaders()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        var yaml = $$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - backends:
                  - mcp: {targets: [{{Targets.TestServer("a")}}]}
                  policies:
                    cors:
                      allowOrigins: [https://inspector.example.com, "https://*.tools.example"]
                      maxAge: 10m
                    mcpAuthentication: {{idp.McpAuthentication(Audience)}}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "mcp");
        preflight.Headers.Add("Origin", "https://inspector.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, mcp-protocol-version");
        using (var answer = await client.SendAsync(preflight, ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
            Assert.Equal("https://inspector.example.com", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
            var allowed = answer.Headers.GetValues("Access-Control-Allow-Headers").Single();
            Assert.Contains("authorization", allowed, StringComparison.Ordinal);
            Assert.Contains("mcp-protocol-version", allowed, StringComparison.Ordinal);
            Assert.Contains("mcp-session-id", allowed, StringComparison.Ordinal);
            Assert.Equal("600", answer.Headers.GetValues("Access-Control-Max-Age").Single());
        }

        using var http = gateway.CreateHttp();
        Task<HttpResponseMessage> PostAsync(string origin, string? token) =>
            http.PostInitializeWithAsync(token is null ? [("Origin", origin)] : [("Origin", origin), ("Authorization", "Bearer " + token)], ct);

        using (var call = await PostAsync("https://app.tools.example", idp.CreateToken(Audience)))
        {
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
            Assert.Equal("https://app.tools.example", call.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Contains("Mcp-Session-Id", call.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
            Assert.NotNull(McpHttp.SessionId(call));
        }

        // A 401 is readable by the page too: it must see WWW-Authenticate to start OAuth.
        using (var refused = await PostAsync("https://inspector.example.com", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("WWW-Authenticate", refused.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
        }

        using var foreign = await PostAsync("https://evil.example", idp.CreateToken(Audience));
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
