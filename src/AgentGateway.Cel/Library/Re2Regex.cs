using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentGateway.Cel.Library;

/// <summary>
/// RE2 patterns (the syntax CEL's <c>matches</c> is defined with) compiled for .NET's linear-time
/// <see cref="RegexOptions.NonBacktracking"/> engine, so no pattern can backtrack catastrophically.
/// </summary>
/// <remarks>
/// The translation keeps RE2's meaning where .NET differs: <c>\d \w \s</c> are ASCII-only, <c>$</c> without
/// <c>(?m)</c> matches only at the very end (not before a final newline), <c>\pL</c> is accepted, <c>(?P&lt;name&gt;)</c>
/// groups and <c>\Q...\E</c> quoting work. Constructs RE2 rejects (backreferences, lookaround, atomic groups,
/// possessive quantifiers, <c>\Z</c>, the <c>U</c> flag, repeat counts over 1000) are errors here too.
/// Known difference: <c>.</c> and negated classes match one UTF-16 code unit, so a character outside the Basic
/// Multilingual Plane counts as two.
/// </remarks>
internal static partial class Re2Regex
{
    /// <summary>A safety net only: the engine is linear in the input, so this bounds huge inputs, not patterns.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(1);

    private const string Digit = "0-9";
    private const string Word = "0-9A-Za-z_";
    private const string Space = @"\t\n\f\r ";

    private static readonly Dictionary<string, string> s_posixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z",
        ["alpha"] = "A-Za-z",
        ["ascii"] = @"\x00-\x7F",
        ["blank"] = @"\t ",
        ["cntrl"] = @"\x00-\x1F\x7F",
        ["digit"] = "0-9",
        ["graph"] = @"!-~",
        ["lower"] = "a-z",
        ["print"] = @" -~",
        ["punct"] = @"!-/:-@\[-`{-~",
        ["space"] = @"\t\n\v\f\r ",
        ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_",
        ["xdigit"] = "0-9A-Fa-f",
    };

    /// <summary>Compiles an RE2 pattern, or explains why it is not valid RE2 (or not supported).</summary>
    public static bool TryCompile(string pattern, out Regex? regex, out string error)
    {
        regex = null;
        if (!TryTranslate(pattern, out string translated, out error))
        {
            return false;
        }

        try
        {
            regex = new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, s_timeout);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            error = $"invalid regular expression '{pattern}': {ex.Message}";
            return false;
        }
    }

    /// <summary>Rewrites RE2 syntax into the equivalent .NET syntax.</summary>
    public static bool TryTranslate(string pattern, out string translated, out string error)
    {
        var sb = new StringBuilder(pattern.Length + 16);
        bool multiline = HasFlag(pattern, 'm');
        error = string.Empty;
        translated = string.Empty;

        // RE2 caps the product of nested repetition counts at 1000 ((a{100}){100} is an error); without the cap the
        // automaton could grow huge. groups holds, per open group, the largest product inside it; atom is the
        // product of the last atom (1 for a character, the inner product for a group).
        var groups = new Stack<int>();
        groups.Push(1);
        int atom = 1;
        int i = 0;
        while (i < pattern.Length)
        {
            char c = pattern[i];
            switch (c)
            {
                case '\\':
                    if (!TryEscape(pattern, ref i, sb, inClass: false, out error))
                    {
                        return false;
                    }

                    atom = 1;
                    continue;
                case '[':
                    if (!TryClass(pattern, ref i, sb, out error))
                    {
                        return false;
                    }

                    atom = 1;
                    continue;
                case '(':
                    if (!TryGroup(pattern, ref i, sb, out bool opensGroup, out error))
                    {
                        return false;
                    }

                    if (opensGroup)
                    {
                        groups.Push(1);
                    }

                    continue;
                case ')':
                    sb.Append(')');
                    i++;
                    atom = groups.Count > 1 ? groups.Pop() : 1;
                    groups.Push(Math.Max(groups.Pop(), atom));
                    continue;
                case '$':
                    sb.Append(multiline ? "$" : @"\z");
                    i++;
                    continue;
                case '{':
                    if (!TryRepeat(pattern, ref i, sb, out int count, out error))
                    {
                        return false;
                    }

                    if (count > 0)
                    {
                        atom *= count;
                        if (atom > 1000)
                        {
                            error = $"invalid regular expression '{pattern}': nested repetition count exceeds 1000";
                            return false;
                        }

                        groups.Push(Math.Max(groups.Pop(), atom));
                    }
                    else
                    {
                        atom = 1;
                    }

                    continue;
                case '*' or '+' or '?':
                    sb.Append(c);
                    i++;
                    if (i < pattern.Length && pattern[i] == '+')
                    {
                        error = $"invalid regular expression '{pattern}': possessive quantifiers are not supported";
                        return false;
                    }

                    continue;
                case ' ' or '#':
                    // Literal in RE2 even if a flag would make .NET treat it as a comment.
                    sb.Append('\\').Append(c);
                    i++;
                    atom = 1;
                    continue;
                default:
                    sb.Append(c);
                    i++;
                    atom = 1;
                    continue;
            }
        }

        translated = sb.ToString();
        return true;
    }

    private static bool HasFlag(string pattern, char flag)
    {
        for (int i = pattern.IndexOf("(?", StringComparison.Ordinal); i >= 0; i = pattern.IndexOf("(?", i + 2, StringComparison.Ordinal))
        {
            for (int j = i + 2; j < pattern.Length && (char.IsAsciiLetter(pattern[j]) || pattern[j] == '-'); j++)
            {
                if (pattern[j] == flag)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Copies a group opening; <paramref name="opensGroup"/> is false for a bare flag setting like <c>(?i)</c>.</summary>
    private static bool TryGroup(string p, ref int i, StringBuilder sb, out bool opensGroup, out string error)
    {
        error = string.Empty;
        opensGroup = true;
        if (i + 1 >= p.Length || p[i + 1] != '?')
        {
            sb.Append('(');
            i++;
            return true;
        }

        int j = i + 2;
        if (j < p.Length && p[j] == 'P' && j + 1 < p.Length && p[j + 1] == '<')
        {
            sb.Append("(?<");
            i = j + 2;
            return true;
        }

        if (j < p.Length && p[j] == '<' && j + 1 < p.Length && p[j + 1] != '=' && p[j + 1] != '!')
        {
            sb.Append("(?<");
            i = j + 1;
            return true;
        }

        // Flags: (?flags) or (?flags:re) with flags from i, m, s (and '-' to clear).
        int start = j;
        while (j < p.Length && p[j] is 'i' or 'm' or 's' or '-')
        {
            j++;
        }

        if (j < p.Length && (p[j] == ')' || p[j] == ':'))
        {
            sb.Append("(?").Append(p, start, j - start).Append(p[j]);
            opensGroup = p[j] == ':';
            i = j + 1;
            return true;
        }

        error = j < p.Length && p[j] == 'U'
            ? $"invalid regular expression '{p}': the U (ungreedy) flag is not supported"
            : $"invalid regular expression '{p}': unsupported group syntax '(?{(j < p.Length ? p[j] : ' ')}' (RE2 has no lookaround, atomic or conditional groups)";
        return false;
    }

    /// <summary>Copies <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c> (<paramref name="count"/> = the larger bound), or a literal <c>{</c> (count 0).</summary>
    private static bool TryRepeat(string p, ref int i, StringBuilder sb, out int count, out string error)
    {
        error = string.Empty;
        count = 0;
        int close = p.IndexOf('}', i);
        if (close > i)
        {
            string body = p[(i + 1)..close];
            string[] parts = body.Split(',');
            bool isRepeat = parts.Length is 1 or 2
                && parts[0].Length > 0 && parts[0].All(char.IsAsciiDigit)
                && (parts.Length == 1 || parts[1].All(char.IsAsciiDigit));
            if (isRepeat)
            {
                foreach (var part in parts)
                {
                    if (part.Length > 0 && (part.Length > 4 || int.Parse(part, CultureInfo.InvariantCulture) > 1000))
                    {
                        error = $"invalid regular expression '{p}': repeat count exceeds 1000";
                        return false;
                    }

                    if (part.Length > 0)
                    {
                        count = Math.Max(count, int.Parse(part, CultureInfo.InvariantCulture));
                    }
                }

                count = Math.Max(count, 1);

                sb.Append(p, i, close - i + 1);
                i = close + 1;
                return true;
            }
        }

        // Not a repetition: a literal brace in RE2.
        sb.Append(@"\{");
        i++;
        return true;
    }
}
