using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>The request body cap (<c>config.http.maxBufferSize</c>, default 2 MiB): a body just under it is served, one just over gets 413, and the gateway serves the next request.</summary>
public sealed class RequestBodyLimitTests(HttpTestServerFixture server) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData(4096, "config: {http: {maxBufferSize: 4096}}\n")]
    [InlineData(2 * 1024 * 1024, "")]
    public async Task Body_AtTheCap_IsServed_OneByteOver_Gets413_ThenTheGatewayGoesOn(int cap, string settings)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(settings + Targets.Config("", Targets.Http(HttpTestServerFixture.Name, server.McpUri)), ct);

        using (var atCap = await PostAsync(gateway, Padded(cap), chunked: false, ct))
        {
            Assert.Equal(HttpStatusCode.OK, atCap.StatusCode);
        }

        foreach (var chunked in new[] { false, true })
        {
            using var over = await PostAsync(gateway, Padded(cap + 1), chunked, ct);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
            var error = JsonNode.Parse(await over.Content.ReadAsStringAsync(ct))!["error"]!;
            Assert.Equal(-32600, (int)error["code"]!);
            Assert.Equal($"request body larger than {cap} bytes", (string?)error["message"]);
        }

        using var next = await PostAsync(gateway, McpHttp.InitializeBody(), chunked: false, ct);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    /// <summary>An <c>initialize</c> padded with trailing spaces (still valid JSON) to exactly <paramref name="size"/> bytes.</summary>
    private static string Padded(int size)
    {
        var body = McpHttp.InitializeBody();
        return body + new string(' ', size - body.Length);
    }

    private async Task<HttpResponseMessage> PostAsync(GatewayTestHost gateway, string body, bool chunked, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.Url("/mcp"))
        {
            // Without a length, the body is sent chunked and the cap is found while reading it.
            Content = chunked ? new StreamContent(new UnknownLengthStream(bytes)) : new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", McpHttp.BothAccept);
        return await _http.SendAsync(request, ct);
    }

    /// <summary>A readable stream that does not tell its length, so that HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
