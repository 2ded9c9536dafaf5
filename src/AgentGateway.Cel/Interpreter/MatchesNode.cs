using System.Text.RegularExpressions;
using AgentGateway.Cel.Library;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>
/// <c>s.matches(re)</c> / <c>matches(s, re)</c>. A literal pattern is compiled once, at compile time; a computed
/// pattern is compiled when it changes, remembered per call site.
/// </summary>
internal sealed class MatchesNode : CelNode
{
    private readonly CelNode _text;
    private readonly CelNode? _pattern;
    private readonly Regex? _constantRegex;
    private volatile CachedRegex? _last;

    /// <summary>A call with a literal pattern, already compiled.</summary>
    public MatchesNode(CelNode text, Regex regex)
    {
        _text = text;
        _constantRegex = regex;
    }

    /// <summary>A call with a computed pattern.</summary>
    public MatchesNode(CelNode text, CelNode pattern)
    {
        _text = text;
        _pattern = pattern;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        var text = _text.Eval(frame);
        if (text.IsError)
        {
            return text;
        }

        Regex regex;
        if (_constantRegex is not null)
        {
            regex = _constantRegex;
        }
        else
        {
            var pattern = _pattern!.Eval(frame);
            if (pattern.IsError)
            {
                return pattern;
            }

            if (pattern.Kind != CelValueKind.String)
            {
                return CelErrors.NoSuchOverload("matches", text, pattern);
            }

            string p = pattern.StringValue;
            var cached = _last;
            if (cached is null || !string.Equals(cached.Pattern, p, StringComparison.Ordinal))
            {
                if (!Re2Regex.TryCompile(p, out var compiled, out var error))
                {
                    return CelErrors.Of(error);
                }

                cached = new CachedRegex(p, compiled!);
                _last = cached;
            }

            regex = cached.Regex;
        }

        if (text.Kind != CelValueKind.String)
        {
            return CelErrors.NoSuchOverload("matches", text);
        }

        try
        {
            return CelValue.FromBool(regex.IsMatch(text.StringValue));
        }
        catch (RegexMatchTimeoutException)
        {
            return CelErrors.Of("matches: regular expression timed out");
        }
    }

    private sealed record CachedRegex(string Pattern, Regex Regex);
}
