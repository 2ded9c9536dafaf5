using AgentGateway.Mcp.Upstreams;
using AgentGateway.Proxy.Routing;

namespace AgentGateway.Proxy.Forwarding;

/// <summary>
/// The compiled plain HTTP side of a route: its backends with their weights, and the policies that shape a forwarded
/// request (URL rewrite, retry, timeouts, credential, A2A). Immutable; built once per configuration.
/// </summary>
internal sealed class HttpBackendModel
{
    private readonly int[] _cumulativeWeights;

    public HttpBackendModel(
        string routeKey,
        IReadOnlyList<HttpDestination> destinations,
        IReadOnlyList<RequestMatcher> matches,
        UrlRewriteModel? urlRewrite = null,
        RetryPolicy? retry = null,
        TimeSpan? requestTimeout = null,
        TimeSpan? backendRequestTimeout = null,
        IReadOnlyList<McpUpstreamAuth>? auth = null,
        bool a2a = false)
    {
        if (destinations.Count == 0)
        {
            throw new ArgumentException("an HTTP route needs at least one backend", nameof(destinations));
        }

        RouteKey = routeKey;
        Destinations = destinations;
        Matches = [.. matches.OrderByDescending(m => m.Specificity)];
        UrlRewrite = urlRewrite;
        Retry = retry;
        RequestTimeout = requestTimeout;
        BackendRequestTimeout = backendRequestTimeout;
        Auth = auth ?? [.. destinations.Select(_ => McpUpstreamAuth.None)];
        IsA2a = a2a;
        _cumulativeWeights = new int[destinations.Count];
        var total = 0;
        for (var i = 0; i < destinations.Count; i++)
        {
            total += Math.Max(0, destinations[i].Weight);
            _cumulativeWeights[i] = total;
        }

        TotalWeight = total > 0 ? total : throw new ArgumentException("at least one backend needs a weight above 0", nameof(destinations));
    }

    /// <summary>The route's key (<c>port/listener/route</c>), for logs and metrics.</summary>
    public string RouteKey { get; }

    /// <summary>The backends, in configuration order.</summary>
    public IReadOnlyList<HttpDestination> Destinations { get; }

    /// <summary>The route's matches, most specific first (to find the <c>pathPrefix</c> a request matched).</summary>
    public IReadOnlyList<RequestMatcher> Matches { get; }

    /// <summary>The URL rewrite, or null.</summary>
    public UrlRewriteModel? UrlRewrite { get; }

    /// <summary>The retry policy, or null (one attempt).</summary>
    public RetryPolicy? Retry { get; }

    /// <summary>The limit until the response headers of the last attempt, or null.</summary>
    public TimeSpan? RequestTimeout { get; }

    /// <summary>The limit until the response headers of one attempt, or null.</summary>
    public TimeSpan? BackendRequestTimeout { get; }

    /// <summary>The credential each backend is sent, in backend order.</summary>
    public IReadOnlyList<McpUpstreamAuth> Auth { get; }

    /// <summary>Whether the backends are A2A agents (<c>a2a: {}</c>).</summary>
    public bool IsA2a { get; }

    /// <summary>The sum of the weights: a roll is drawn in <c>[0, TotalWeight)</c>.</summary>
    public int TotalWeight { get; }

    /// <summary>
    /// The backend for <paramref name="roll"/>, a uniform random number in <c>[0, <see cref="TotalWeight"/>)</c>: weighted
    /// random selection, each backend chosen with probability weight / total.
    /// </summary>
    /// <remarks>
    /// Weighted random rather than smooth weighted round-robin: it keeps no state to share between requests (no lock,
    /// nothing to reset on reload), and over many requests it converges on the same shares.
    /// </remarks>
    public int Pick(int roll)
    {
        var index = Array.BinarySearch(_cumulativeWeights, roll + 1);
        index = index >= 0 ? index : ~index;

        // Equal cumulative weights (a weight-0 backend) put the search on the first of them; move to the one that owns the roll.
        while (index > 0 && _cumulativeWeights[index - 1] >= roll + 1)
        {
            index--;
        }

        return index;
    }

    /// <summary>
    /// The <c>pathPrefix</c> the request matched (normalized without a trailing slash), for <c>urlRewrite.path.prefix</c>;
    /// <c>/</c> when the route has no matches.
    /// </summary>
    public string MatchedPrefix(HttpRequest request)
    {
        foreach (var match in Matches)
        {
            if (match.PathPrefix is { } prefix && match.Matches(request))
            {
                return prefix;
            }
        }

        return "/";
    }
}
