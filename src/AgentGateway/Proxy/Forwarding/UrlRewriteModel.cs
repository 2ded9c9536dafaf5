using AgentGateway.Config.Model;

namespace AgentGateway.Proxy.Forwarding;

/// <summary>A compiled <c>urlRewrite</c>: computes the path and <c>Host</c> a forwarded request is sent with.</summary>
internal sealed class UrlRewriteModel
{
    private readonly string? _fullPath;
    private readonly string? _prefix;

    public UrlRewriteModel(UrlRewriteConfig config)
    {
        _fullPath = config.Path?.Full;
        _prefix = config.Path?.Prefix;
        Authority = config.Authority?.Full;
    }

    /// <summary>The <c>Host</c> header to send, or null to keep the default (the backend's address).</summary>
    public string? Authority { get; }

    /// <summary>Whether the path is rewritten.</summary>
    public bool RewritesPath => _fullPath is not null || _prefix is not null;

    /// <summary>
    /// The path to send for a request to <paramref name="path"/> that matched <paramref name="matchedPrefix"/> (the
    /// route's <c>pathPrefix</c>, normalized without a trailing slash, or <c>/</c>).
    /// </summary>
    /// <remarks>
    /// Prefix replacement joins on one slash: <c>/api</c> → <c>/v2</c> turns <c>/api/users</c> into <c>/v2/users</c> and
    /// <c>/api</c> into <c>/v2</c>; a replacement <c>/</c> turns <c>/api/users</c> into <c>/users</c> (Gateway API
    /// <c>ReplacePrefixMatch</c>, as the reference).
    /// </remarks>
    public string Rewrite(string path, string matchedPrefix)
    {
        if (_fullPath is not null)
        {
            return _fullPath;
        }

        if (_prefix is null)
        {
            return path;
        }

        var rest = matchedPrefix == "/" ? path.AsSpan(1) : path.AsSpan(Math.Min(matchedPrefix.Length, path.Length));
        if (rest.IsEmpty)
        {
            return _prefix;
        }

        var replacement = _prefix.AsSpan();
        if (rest[0] == '/' && replacement.EndsWith("/"))
        {
            replacement = replacement[..^1];
        }

        var separator = rest[0] != '/' && !replacement.EndsWith("/") ? "/" : "";
        var result = string.Concat(replacement, separator, rest);
        return result.Length == 0 ? "/" : result;
    }
}
