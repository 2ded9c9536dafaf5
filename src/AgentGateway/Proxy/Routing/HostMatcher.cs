namespace AgentGateway.Proxy.Routing;

/// <summary>Matches the request host against names: exact (case-insensitive) or <c>*.suffix</c>. No names = any host.</summary>
internal sealed class HostMatcher
{
    private readonly string[] _exact;
    private readonly string[] _suffixes;

    public HostMatcher(IEnumerable<string> names)
    {
        var list = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim().ToLowerInvariant()).ToList();
        _exact = [.. list.Where(n => !n.StartsWith("*.", StringComparison.Ordinal))];
        _suffixes = [.. list.Where(n => n.StartsWith("*.", StringComparison.Ordinal)).Select(n => n[1..])];
        MatchesAny = list.Count == 0 || list.Contains("*");
        Specificity = MatchesAny ? 0 : _exact.Length > 0 ? 2 : 1;
    }

    /// <summary>Whether every host matches.</summary>
    public bool MatchesAny { get; }

    /// <summary>2 for exact names, 1 for wildcards only, 0 for any host.</summary>
    public int Specificity { get; }

    /// <summary>Whether <paramref name="host"/> (without port) matches.</summary>
    public bool Matches(string host)
    {
        if (MatchesAny)
        {
            return true;
        }

        foreach (var e in _exact)
        {
            if (host.Equals(e, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var s in _suffixes)
        {
            if (host.EndsWith(s, StringComparison.OrdinalIgnoreCase) && host.Length > s.Length)
            {
                return true;
            }
        }

        return false;
    }
}
