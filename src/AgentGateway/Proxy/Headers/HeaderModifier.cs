using AgentGateway.Config.Model;

namespace AgentGateway.Proxy.Headers;

/// <summary>
/// A compiled <c>requestHeaderModifier</c> or <c>responseHeaderModifier</c>: the header edits, in the order they run —
/// remove, then set (replacing), then add (appending). Names and values were validated at load (tokens, one-line ASCII,
/// no hop-by-hop or gateway-managed header), so applying them cannot fail.
/// </summary>
internal sealed class HeaderModifier
{
    private readonly string[] _remove;
    private readonly KeyValuePair<string, string>[] _set;
    private readonly KeyValuePair<string, string>[] _add;

    private HeaderModifier(HeaderModifierConfig config)
    {
        _remove = [.. config.Remove];
        _set = [.. config.Set];
        _add = [.. config.Add];
    }

    /// <summary>The compiled modifier, or null when <paramref name="config"/> is null or edits nothing.</summary>
    public static HeaderModifier? Compile(HeaderModifierConfig? config) =>
        config is null || (config.Remove.Count == 0 && config.Set.Count == 0 && config.Add.Count == 0) ? null : new HeaderModifier(config);

    /// <summary>Applies the edits to <paramref name="headers"/>.</summary>
    public void Apply(IHeaderDictionary headers)
    {
        foreach (var name in _remove)
        {
            headers.Remove(name);
        }

        foreach (var (name, value) in _set)
        {
            headers[name] = value;
        }

        foreach (var (name, value) in _add)
        {
            headers.Append(name, value);
        }
    }

    /// <summary>
    /// Applies the edits to <paramref name="response"/> just before its headers are sent, whoever writes it (a CORS
    /// preflight, a 401, a 429, the MCP engine's JSON or SSE answer): headers cannot change once the body has started.
    /// </summary>
    public void ApplyWhenStarting(HttpResponse response) =>
        response.OnStarting(static state =>
        {
            var (modifier, response) = ((HeaderModifier, HttpResponse))state;
            modifier.Apply(response.Headers);
            return Task.CompletedTask;
        }, (this, response));
}
