using System.Text.RegularExpressions;
using AgentGateway.Config.Model;

namespace AgentGateway.Proxy.Routing;

/// <summary>One compiled route match: path, method and headers, all of which must hold.</summary>
internal sealed class RequestMatcher
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(100);
    private readonly string? _exact;
    private readonly string? _prefix;
    private readonly Regex? _regex;
    private readonly string? _method;
    private readonly (string Name, string? Exact, Regex? Regex)[] _headers;

    public RequestMatcher(RouteMatchConfig config)
    {
        _exact = config.Path?.Exact;
        _prefix = config.Path?.PathPrefix is { } p ? (p.Length > 1 ? p.TrimEnd('/') : p) : null;
        _regex = config.Path?.Regex is { } r ? Compile(r) : null;
        _method = string.IsNullOrEmpty(config.Method) ? null : config.Method;
        _headers = [.. config.Headers.Select(h => (h.Name, h.Value?.Exact, h.Value?.Regex is { } hr ? Compile(hr) : null))];

        // Gateway API precedence: exact path > longer prefix > regex > none; then method; then header count.
        var pathScore = _exact is not null ? 3_000_000 + _exact.Length
            : _prefix is not null ? 1_000_000 + (_prefix.Length * 10)
            : _regex is not null ? 500_000
            : 0;
        Specificity = pathScore + (_method is null ? 0 : 1000) + _headers.Length;
    }

    /// <summary>The path prefix condition without a trailing slash (<c>/</c> stays <c>/</c>), or null when the match has none.</summary>
    public string? PathPrefix => _prefix;

    /// <summary>Higher is more specific.</summary>
    public int Specificity { get; }

    /// <summary>The default match: every request.</summary>
    public static RequestMatcher Default { get; } = new(new RouteMatchConfig { Path = new PathMatchConfig { PathPrefix = "/" } });

    /// <summary>Whether the request matches.</summary>
    public bool Matches(HttpRequest request) => MatchesPath(request.Path.Value ?? "/") && MatchesMethodAndHeaders(request);

    /// <summary>Whether <paramref name="path"/> matches the path condition (method and headers not considered).</summary>
    public bool MatchesPath(string path)
    {
        if (_exact is not null && !string.Equals(path, _exact, StringComparison.Ordinal))
        {
            return false;
        }

        if (_prefix is not null && !PrefixMatches(path, _prefix))
        {
            return false;
        }

        if (_regex is not null && !SafeIsMatch(_regex, path))
        {
            return false;
        }

        return true;
    }

    private bool MatchesMethodAndHeaders(HttpRequest request)
    {
        if (_method is not null && !string.Equals(request.Method, _method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var (name, exact, regex) in _headers)
        {
            var value = request.Headers[name].ToString();
            if (exact is not null ? !string.Equals(value, exact, StringComparison.Ordinal) : regex is not null && !SafeIsMatch(regex, value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Prefix on a segment boundary: <c>/mcp</c> matches <c>/mcp</c> and <c>/mcp/x</c>, not <c>/mcpx</c>.</summary>
    private static bool PrefixMatches(string path, string prefix) =>
        prefix == "/" || (path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/'));

    private static Regex Compile(string pattern) =>
        new($"^(?:{pattern})$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, s_regexTimeout);

    private static bool SafeIsMatch(Regex regex, string input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
