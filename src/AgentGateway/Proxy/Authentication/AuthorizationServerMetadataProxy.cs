using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentGateway.Proxy.Authentication;

/// <summary>
/// Serves an identity provider's RFC 8414 metadata from the gateway, rewritten for MCP clients: Auth0 and Okta issue
/// tokens for an API only when the authorize request names it with <c>audience=</c> (they ignore RFC 8707's
/// <c>resource</c>), so the gateway adds the route's first audience to <c>authorization_endpoint</c>, and names
/// itself as <c>issuer</c> (RFC 8414 §3.3: the issuer is the URL the document was fetched from).
/// </summary>
/// <remarks>Documents are cached for <see cref="CacheDuration"/>; a failed fetch is not cached. Thread-safe.</remarks>
internal sealed partial class AuthorizationServerMetadataProxy
{
    /// <summary>How long a fetched document is reused.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(10);

    /// <summary>The largest document accepted from a provider.</summary>
    public const int MaxDocumentBytes = 256 * 1024;

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger<AuthorizationServerMetadataProxy> _logger;
    private readonly ConcurrentDictionary<string, (JsonObject Document, DateTimeOffset FetchedAt)> _cache = new(StringComparer.Ordinal);

    public AuthorizationServerMetadataProxy(AuthenticationHttpClient http, TimeProvider time, ILogger<AuthorizationServerMetadataProxy> logger)
    {
        _http = http.Client;
        _time = time;
        _logger = logger;
    }

    /// <summary>The provider's metadata URL for <paramref name="issuer"/>.</summary>
    public static Uri MetadataUrl(string issuer) => new(issuer.TrimEnd('/') + WellKnownPaths.AuthorizationServer);

    /// <summary>The rewritten document, or null when the provider could not be reached (the caller answers 502).</summary>
    public async Task<byte[]?> GetAsync(RouteAuthentication policy, string gatewayIssuer, CancellationToken cancellationToken)
    {
        var issuer = policy.Mcp!.Issuer;
        var now = _time.GetUtcNow();
        if (!_cache.TryGetValue(issuer, out var cached) || now - cached.FetchedAt > CacheDuration)
        {
            var fetched = await FetchAsync(MetadataUrl(issuer), cancellationToken);
            if (fetched is null)
            {
                return null;
            }

            cached = (fetched, now);
            _cache[issuer] = cached;
        }

        var document = (JsonObject)cached.Document.DeepClone();
        document["issuer"] = gatewayIssuer;
        if (document["authorization_endpoint"] is JsonValue endpoint && endpoint.TryGetValue<string>(out var authorize)
            && Uri.TryCreate(authorize, UriKind.Absolute, out _) && policy.Mcp.Audiences.Count > 0)
        {
            var separator = authorize.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            document["authorization_endpoint"] = $"{authorize}{separator}audience={Uri.EscapeDataString(policy.Mcp.Audiences[0])}";
        }

        return JsonSerializer.SerializeToUtf8Bytes(document, AuthenticationJsonContext.Default.JsonObject);
    }

    private async Task<JsonObject?> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                Log.FetchFailed(_logger, url, $"HTTP {(int)response.StatusCode}");
                return null;
            }

            if (response.Content.Headers.ContentLength > MaxDocumentBytes)
            {
                Log.FetchFailed(_logger, url, "document too large");
                return null;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            var buffer = new byte[MaxDocumentBytes + 1];
            var length = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token)) > 0)
            {
                length += read;
                if (length > MaxDocumentBytes)
                {
                    Log.FetchFailed(_logger, url, "document too large");
                    return null;
                }
            }

            if (JsonNode.Parse(buffer.AsSpan(0, length)) is JsonObject document)
            {
                return document;
            }

            Log.FetchFailed(_logger, url, "not a JSON object");
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.FetchFailed(_logger, url, ex is OperationCanceledException ? "timed out" : ex.GetType().Name);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching authorization-server metadata from {Url} failed: {Reason}")]
        public static partial void FetchFailed(ILogger logger, Uri url, string reason);
    }
}
