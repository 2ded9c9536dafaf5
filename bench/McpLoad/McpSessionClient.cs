using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace McpLoad;

/// <summary>
/// One MCP session over streamable HTTP with its own keep-alive connection: initialize, then a loop of
/// pre-serialized <c>tools/call</c> requests whose id is patched in place.
/// </summary>
internal sealed class McpSessionClient : IDisposable
{
    private static readonly byte[] s_resultMarker = "\"result\""u8.ToArray();
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly int _index;
    private readonly byte[] _body;
    private readonly int _counterOffset;
    private readonly byte[] _idNeedle;
    private byte[] _buffer = new byte[16 * 1024];
    private readonly CancellationTokenSource _timeout = new();
    private long _counter;

    /// <param name="bearerToken">When set, sent as <c>Authorization: Bearer</c> on every request of the session
    /// (initialize included): a default header of the session's client, so the call path stays the same.</param>
    public McpSessionClient(Uri url, int index, string toolName, string message, string? bearerToken = null)
    {
        _url = url;
        _index = index;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ActivityHeadersPropagator = null,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, DefaultRequestVersion = HttpVersion.Version11 };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        if (bearerToken is not null)
        {
            _http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + bearerToken);
        }

        // "id":"s<session>-<10 digits>": a string id, so that the fixed-width counter may have leading zeros.
        var prefix = $"{{\"jsonrpc\":\"2.0\",\"id\":\"s{index:D2}-";
        var suffix = $"\",\"method\":\"tools/call\",\"params\":{{\"name\":{JsonSerializer.Serialize(toolName)},\"arguments\":{{\"message\":{JsonSerializer.Serialize(message)}}}}}}}";
        _body = Encoding.UTF8.GetBytes(prefix + "0000000000" + suffix);
        _counterOffset = Encoding.UTF8.GetByteCount(prefix);
        // The answer must carry our id: search for `s<session>-<digits>"`.
        _idNeedle = new byte[3 + 1 + 10 + 1];
        Encoding.UTF8.GetBytes($"s{index:D2}-").CopyTo(_idNeedle, 0);
        _idNeedle[^1] = (byte)'"';
    }

    public string? SessionId { get; private set; }

    public string ProtocolVersion { get; private set; } = "";

    public string ServerName { get; private set; } = "";

    /// <summary>initialize + notifications/initialized; captures Mcp-Session-Id and the negotiated version.</summary>
    public async Task InitializeAsync(string protocolVersion, CancellationToken cancellationToken)
    {
        var init = $"{{\"jsonrpc\":\"2.0\",\"id\":\"init-{_index}\",\"method\":\"initialize\",\"params\":{{\"protocolVersion\":\"{protocolVersion}\",\"capabilities\":{{}},\"clientInfo\":{{\"name\":\"mcpload\",\"version\":\"1.0.0\"}}}}}}";
        using (var response = await PostAsync(Encoding.UTF8.GetBytes(init), cancellationToken))
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"initialize: HTTP {(int)response.StatusCode}: {Shorten(text)}");
            }

            if (!response.Headers.TryGetValues("Mcp-Session-Id", out var ids))
            {
                throw new InvalidOperationException("initialize: the server sent no Mcp-Session-Id (is it stateless?)");
            }

            SessionId = ids.First();
            using var doc = JsonDocument.Parse(ExtractJson(text));
            if (!doc.RootElement.TryGetProperty("result", out var result))
            {
                throw new InvalidOperationException($"initialize failed: {Shorten(text)}");
            }

            ProtocolVersion = result.TryGetProperty("protocolVersion", out var v) ? v.GetString() ?? protocolVersion : protocolVersion;
            ServerName = result.TryGetProperty("serverInfo", out var info) && info.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "";
        }

        _http.DefaultRequestHeaders.TryAddWithoutValidation("Mcp-Session-Id", SessionId);
        _http.DefaultRequestHeaders.TryAddWithoutValidation("MCP-Protocol-Version", ProtocolVersion);

        using (var response = await PostAsync("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"u8.ToArray(), cancellationToken))
        {
            await response.Content.ReadAsStringAsync(cancellationToken);
            if ((int)response.StatusCode is not (200 or 202 or 204))
            {
                throw new InvalidOperationException($"notifications/initialized: HTTP {(int)response.StatusCode}");
            }
        }
    }

    /// <summary>One call outside the measurement, checking that the answer is what the echo tool returns.</summary>
    public async Task VerifyAsync(string expectedText, CancellationToken cancellationToken)
    {
        var (ok, length, error) = await CallAsync(cancellationToken);
        var text = Encoding.UTF8.GetString(_buffer, 0, length);
        if (!ok || !text.Contains(expectedText, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the first tools/call did not answer '{expectedText}': {error ?? Shorten(text)}");
        }
    }

    /// <summary>
    /// One tools/call: patch the id, POST, read the whole answer (JSON or an SSE stream the server ends after the
    /// response), and check it is a result carrying our id.
    /// </summary>
    public async Task<(bool Ok, int Length, string? Error)> CallAsync(CancellationToken cancellationToken)
    {
        var n = ++_counter;
        WriteCounter(_body.AsSpan(_counterOffset, 10), n);
        WriteCounter(_idNeedle.AsSpan(4, 10), n);
        if (!_timeout.TryReset())
        {
            return (false, 0, "timeout source could not be reset");
        }

        _timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token)
            : null;
        var token = linked?.Token ?? _timeout.Token;
        try
        {
            using var response = await PostAsync(_body, token);
            var length = 0;
            await using (var stream = await response.Content.ReadAsStreamAsync(token))
            {
                while (true)
                {
                    if (length == _buffer.Length)
                    {
                        Array.Resize(ref _buffer, _buffer.Length * 2);
                    }

                    var read = await stream.ReadAsync(_buffer.AsMemory(length), token);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (false, length, $"HTTP {(int)response.StatusCode}: {Shorten(Encoding.UTF8.GetString(_buffer, 0, length))}");
            }

            var span = _buffer.AsSpan(0, length);
            if (span.IndexOf(_idNeedle) < 0 || span.IndexOf(s_resultMarker) < 0)
            {
                return (false, length, $"not a result for our id: {Shorten(Encoding.UTF8.GetString(span))}");
            }

            return (true, length, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return (false, 0, ex is OperationCanceledException && _timeout.IsCancellationRequested ? "no answer within 30 s" : ex.Message);
        }
        finally
        {
            _timeout.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Ends the session (DELETE), best effort.</summary>
    public async Task DeleteAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var request = new HttpRequestMessage(HttpMethod.Delete, _url);
            using var response = await _http.SendAsync(request, cts.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Checks that the server really authenticates: an <c>initialize</c> without a token, and one with
    /// <paramref name="token"/> whose signature is altered, must both get 401. Returns a one-line description.
    /// </summary>
    public static async Task<string> CheckAuthenticationRequiredAsync(Uri url, string token, CancellationToken cancellationToken)
    {
        // Change one character in the middle of the signature (the last one may only carry padding bits).
        var dot = token.LastIndexOf('.');
        var at = dot + (token.Length - dot) / 2;
        var forged = string.Concat(token.AsSpan(0, at), token[at] == 'A' ? "B" : "A", token.AsSpan(at + 1));
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ActivityHeadersPropagator = null }) { Timeout = TimeSpan.FromSeconds(10) };
        var results = new List<string>();
        foreach (var (what, bearer) in new[] { ("no token", (string?)null), ("a token with an altered signature", forged) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":\"auth-check\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"mcpload\",\"version\":\"1.0.0\"}}}", Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
            if (bearer is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
            }

            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                throw new InvalidOperationException($"auth check: initialize with {what} got HTTP {(int)response.StatusCode}, not 401: {Shorten(body)}");
            }

            results.Add($"{what} → 401");
        }

        return "initialize with " + string.Join(", with ", results);
    }

    private Task<HttpResponseMessage> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = content, Version = HttpVersion.Version11 };
        return _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private static void WriteCounter(Span<byte> digits, long value)
    {
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            digits[i] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }
    }

    /// <summary>The JSON of a body that is either JSON or SSE (the data of the last event carrying a message).</summary>
    private static string ExtractJson(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            return trimmed;
        }

        string? last = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var data = line[5..].Trim();
                if (data.StartsWith('{'))
                {
                    last = data;
                }
            }
        }

        return last ?? throw new InvalidOperationException($"no JSON-RPC message in the answer: {Shorten(text)}");
    }

    private static string Shorten(string s) => s.Length > 300 ? s[..300] + "…" : s;

    public void Dispose()
    {
        _http.Dispose();
        _timeout.Dispose();
    }
}
