using System.Net.Http.Headers;
using AgentGateway.Utilities;

namespace AgentGateway.Security.Authentication;

// Reading a key set from its source: HTTP fetch with timeout, size cap and redirect checks, or a file read.
internal sealed partial class JwksProvider
{
    private async Task<LoadOutcome> FetchUrlAsync(Uri url)
    {
        using var timeout = new CancellationTokenSource(_options.FetchTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _disposeCts.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/jwk-set+json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);

            // A handler that follows redirects reports where it ended up; only the configured origin is trusted.
            var finalUri = response.RequestMessage?.RequestUri;
            if (finalUri is not null && Uri.Compare(finalUri, url, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) != 0)
            {
                return LoadOutcome.Failed("redirected to another origin");
            }

            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                return LoadOutcome.Failed($"HTTP {status} redirect not followed");
            }

            if (!response.IsSuccessStatusCode)
            {
                return LoadOutcome.Failed($"HTTP {status}");
            }

            if (response.Content.Headers.ContentLength > _options.MaxResponseBytes)
            {
                return LoadOutcome.Failed($"response larger than {_options.MaxResponseBytes} bytes");
            }

            var body = await BoundedContent.ReadAsync(response.Content, _options.MaxResponseBytes, linked.Token);
            if (body is null)
            {
                return LoadOutcome.Failed($"response larger than {_options.MaxResponseBytes} bytes");
            }

            var maxAge = response.Headers.CacheControl is { } cacheControl
                ? cacheControl.NoStore || cacheControl.NoCache ? TimeSpan.Zero : cacheControl.MaxAge
                : null;
            return new LoadOutcome(JwksParser.Parse(body.Value, _options.MaxKeys, _cryptoProviderFactory), null, maxAge);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return LoadOutcome.Failed($"timed out after {_options.FetchTimeout.TotalSeconds:0.###} s");
        }
        catch (OperationCanceledException) when (_disposeCts.IsCancellationRequested)
        {
            return LoadOutcome.Failed("cancelled");
        }
        catch (HttpRequestException ex)
        {
            return LoadOutcome.Failed($"request failed ({ex.HttpRequestError}{(ex.StatusCode is { } code ? $", HTTP {(int)code}" : "")})");
        }
        catch (IOException)
        {
            return LoadOutcome.Failed("connection failed while reading the response");
        }
    }

    private async Task<LoadOutcome> ReadFileAsync(string path)
    {
        var stamp = FileStamp.Of(path);
        lock (_gate)
        {
            _fileStamp = stamp;
        }

        if (!stamp.Exists)
        {
            return LoadOutcome.Failed("file not found");
        }

        if (stamp.Length > _options.MaxResponseBytes)
        {
            return LoadOutcome.Failed($"file larger than {_options.MaxResponseBytes} bytes");
        }

        try
        {
            var bytes = await File.ReadAllBytesAsync(path, _disposeCts.Token);
            return bytes.Length > _options.MaxResponseBytes
                ? LoadOutcome.Failed($"file larger than {_options.MaxResponseBytes} bytes")
                : new LoadOutcome(JwksParser.Parse(bytes, _options.MaxKeys, _cryptoProviderFactory), null, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return LoadOutcome.Failed($"file could not be read ({ex.GetType().Name})");
        }
        catch (OperationCanceledException)
        {
            return LoadOutcome.Failed("cancelled");
        }
    }

    /// <summary>Result of one fetch or read: a parse result, or an error before parsing.</summary>
    private readonly record struct LoadOutcome(JwksParseResult? Result, string? Error, TimeSpan? MaxAge)
    {
        public static LoadOutcome Failed(string error) => new(null, error, null);
    }

    /// <summary>What a file looked like when last read: a change of any part means read it again.</summary>
    private readonly record struct FileStamp(bool Exists, long Length, DateTime LastWriteUtc)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(true, info.Length, info.LastWriteTimeUtc) : default;
        }
    }
}
