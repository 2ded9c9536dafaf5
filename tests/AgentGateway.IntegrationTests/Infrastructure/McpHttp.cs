using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>Raw HTTP against the gateway's MCP endpoint, with every header explicit, for protocol-level assertions.</summary>
public sealed class McpHttp : IDisposable
{
    /// <summary>What a streamable HTTP client must accept.</summary>
    public const string BothAccept = "application/json, text/event-stream";

    private readonly HttpClient _client;

    public McpHttp(Uri baseUri)
    {
        _client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>An <c>initialize</c> request body.</summary>
    public static string InitializeBody(string protocolVersion = "2025-11-25", int id = 1) =>
        $$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"initialize","params":{"protocolVersion":"{{{{protocolVersion}}}}","capabilities":{},"clientInfo":{"name":"raw-test","version":"1.0"}}}""";

    /// <summary>A request body.</summary>
    public static string RequestBody(string method, string paramsJson = "{}", int id = 2) =>
        $$"""{"jsonrpc":"2.0","id":{{id}},"method":"{{method}}","params":{{paramsJson}}}""";

    /// <summary>A <c>tools/call</c> of <c>echo</c>.</summary>
    public static string EchoBody(string message, string tool = "echo", int id = 2) =>
        RequestBody("tools/call", $$$"""{"name":"{{{tool}}}","arguments":{"message":"{{{message}}}"}}""", id);

    /// <summary>Sends a POST with exactly the given headers.</summary>
    public async Task<HttpResponseMessage> PostAsync(
        string path,
        string body,
        string? sessionId = null,
        string? accept = BothAccept,
        string contentType = "application/json",
        string? protocolVersion = null,
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'));
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        AddHeaders(request, sessionId, accept, protocolVersion);
        return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>
    /// POSTs an <c>initialize</c> to <c>/mcp</c> with the usual content headers and exactly the extra <paramref name="headers"/>
    /// (no <see cref="BearerToken"/>): for tests of what the gateway does with Host, Origin or Authorization.
    /// </summary>
    public async Task<HttpResponseMessage> PostInitializeWithAsync(IEnumerable<(string Name, string Value)> headers, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "mcp") { Content = new StringContent(InitializeBody(), Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.TryAddWithoutValidation("Accept", BothAccept);
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await _client.SendAsync(request, cancellationToken);
    }

    /// <summary>Sends a GET or DELETE; <paramref name="lastEventId"/> resumes a stream.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        string? sessionId = null,
        string? accept = null,
        string? protocolVersion = null,
        string? lastEventId = null,
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        AddHeaders(request, sessionId, accept, protocolVersion);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>Initializes a session (and sends <c>notifications/initialized</c>); returns its id.</summary>
    public async Task<string> InitializeAsync(string path = "/mcp", CancellationToken cancellationToken = default)
    {
        using var response = await PostAsync(path, InitializeBody(), cancellationToken: cancellationToken);
        var body = await ReadMessageAsync(response, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"initialize failed: {(int)response.StatusCode} {body.ToJsonString()}");
        Assert.NotNull(body["result"]);
        var id = SessionId(response);
        Assert.NotNull(id);
        using var initialized = await PostAsync(path, """{"jsonrpc":"2.0","method":"notifications/initialized"}""", id, cancellationToken: cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, initialized.StatusCode);
        return id;
    }

    /// <summary>The <c>Mcp-Session-Id</c> response header, or null.</summary>
    public static string? SessionId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Mcp-Session-Id", out var values) ? values.Single() : null;

    /// <summary>
    /// The JSON-RPC answer of a response: the body when it is JSON; for an event stream, the first event that is a
    /// response or error (earlier notifications are skipped).
    /// </summary>
    public static async Task<JsonNode> ReadMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            await foreach (var data in ReadEventsAsync(response, cancellationToken))
            {
                var node = JsonNode.Parse(data)!;
                if (node["result"] is not null || node["error"] is not null)
                {
                    return node;
                }
            }

            throw new InvalidOperationException("The event stream ended without a response.");
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty body");
    }

    /// <summary>The <c>data</c> of each event of an SSE response, as it arrives.</summary>
    public static async IAsyncEnumerable<string> ReadEventsAsync(
        HttpResponseMessage response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return data.ToString();
                    data.Clear();
                }
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                if (data.Length > 0)
                {
                    data.Append('\n');
                }

                data.Append(line.AsSpan(5).TrimStart(' '));
            }
        }
    }

    /// <summary>
    /// Every event of an SSE response as it arrives, with its id and retry fields, including those without data (a
    /// priming event); comments (keep-alives) are skipped.
    /// </summary>
    public static async IAsyncEnumerable<SseEvent> ReadSseEventsAsync(
        HttpResponseMessage response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? id = null, retry = null;
        StringBuilder? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (id is not null || retry is not null || data is not null)
                {
                    yield return new SseEvent(id, retry, data?.ToString() ?? "");
                }

                (id, retry, data) = (null, null, null);
                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "retry":
                    retry = value;
                    break;
                case "data":
                    data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value);
                    break;
            }
        }
    }

    /// <summary>When set, every request carries <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public string? BearerToken { get; set; }

    private void AddHeaders(HttpRequestMessage request, string? sessionId, string? accept, string? protocolVersion)
    {
        if (BearerToken is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + BearerToken);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (sessionId is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
        }

        if (protocolVersion is not null)
        {
            request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", protocolVersion);
        }
    }

    public void Dispose() => _client.Dispose();
}
