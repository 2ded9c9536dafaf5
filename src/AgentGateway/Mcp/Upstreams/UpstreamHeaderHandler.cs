using System.Net.Http.Headers;
using AgentGateway.Config.Model;

namespace AgentGateway.Mcp.Upstreams;

/// <summary>
/// Applies a target's <c>requestHeaderModifier</c> to every HTTP request sent to it (the MCP POSTs, the event stream,
/// the session's DELETE): remove, then set, then add. The edits were validated at load (no hop-by-hop header, no
/// <c>authorization</c>, no MCP session header); a content header such as <c>content-type</c> is edited on the body.
/// </summary>
internal sealed class UpstreamHeaderHandler : DelegatingHandler
{
    // The headers .NET keeps on HttpContent rather than on the request (HttpContentHeaders).
    private static readonly HashSet<string> s_contentHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Allow", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Location", "Content-MD5",
        "Content-Range", "Content-Type", "Expires", "Last-Modified",
    };

    private readonly string[] _remove;
    private readonly KeyValuePair<string, string>[] _set;
    private readonly KeyValuePair<string, string>[] _add;

    /// <summary>Compiles <paramref name="config"/> once per upstream connection.</summary>
    public UpstreamHeaderHandler(HeaderModifierConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _remove = [.. config.Remove, .. config.Set.Keys];
        _set = [.. config.Set];
        _add = [.. config.Add];
    }

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var name in _remove)
        {
            // HttpHeaders throws on a name of the other collection: a content header lives on the body.
            if (s_contentHeaders.Contains(name))
            {
                request.Content?.Headers.Remove(name);
            }
            else
            {
                request.Headers.Remove(name);
            }
        }

        foreach (var (name, value) in _set)
        {
            Add(request, name, value);
        }

        foreach (var (name, value) in _add)
        {
            Add(request, name, value);
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static void Add(HttpRequestMessage request, string name, string value)
    {
        HttpHeaders? headers = s_contentHeaders.Contains(name) ? request.Content?.Headers : request.Headers;
        headers?.TryAddWithoutValidation(name, value);
    }
}
