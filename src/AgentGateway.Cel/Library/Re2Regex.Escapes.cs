using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentGateway.Cel.Library;

/// <summary>Character classes and escapes: the places where RE2 and .NET syntax differ most.</summary>
internal static partial class Re2Regex
{
    private static bool TryClass(string p, ref int i, StringBuilder sb, out string error)
    {
        error = string.Empty;
        sb.Append('[');
        i++;
        if (i < p.Length && p[i] == '^')
        {
            sb.Append('^');
            i++;
        }

        bool first = true;
        while (i < p.Length && (p[i] != ']' || first))
        {
            first = false;
            char c = p[i];
            if (c == '[' && i + 1 < p.Length && p[i + 1] == ':')
            {
                int end = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    error = $"invalid regular expression '{p}': unterminated character class name";
                    return false;
                }

                string name = p[(i + 2)..end];
                bool negated = name.StartsWith('^');
                if (negated || !s_posixClasses.TryGetValue(name, out var ranges))
                {
                    error = $"invalid regular expression '{p}': unsupported character class [:{name}:]";
                    return false;
                }

                sb.Append(ranges);
                i = end + 2;
            }
            else if (c == '\\')
            {
                if (!TryEscape(p, ref i, sb, inClass: true, out error))
                {
                    return false;
                }
            }
            else if (c == '[')
            {
                sb.Append(@"\[");
                i++;
            }
            else if (c == '-' && i + 1 < p.Length && p[i + 1] == '[')
            {
                error = $"invalid regular expression '{p}': character class subtraction is not RE2 syntax";
                return false;
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }

        if (i >= p.Length)
        {
            error = $"invalid regular expression '{p}': missing closing ]";
            return false;
        }

        sb.Append(']');
        i++;
        return true;
    }

    private static bool TryEscape(string p, ref int i, StringBuilder sb, bool inClass, out string error)
    {
        error = string.Empty;
        if (i + 1 >= p.Length)
        {
            error = $"invalid regular expression '{p}': trailing backslash";
            return false;
        }

        char e = p[i + 1];
        i += 2;
        switch (e)
        {
            case 'd':
                sb.Append(inClass ? Digit : "[" + Digit + "]");
                return true;
            case 'D':
                sb.Append(inClass ? @"\D" : "[^" + Digit + "]");
                return true;
            case 'w':
                sb.Append(inClass ? Word : "[" + Word + "]");
                return true;
            case 'W':
                sb.Append(inClass ? @"\W" : "[^" + Word + "]");
                return true;
            case 's':
                sb.Append(inClass ? Space : "[" + Space + "]");
                return true;
            case 'S':
                sb.Append(inClass ? @"\S" : "[^" + Space + "]");
                return true;
            case 'p' or 'P':
                return TryUnicodeClass(p, ref i, sb, e, out error);

            case 'Q':
                {
                    int end = p.IndexOf(@"\E", i, StringComparison.Ordinal);
                    string literal = end < 0 ? p[i..] : p[i..end];
                    sb.Append(inClass ? EscapeInClass(literal) : Regex.Escape(literal));
                    i = end < 0 ? p.Length : end + 2;
                    return true;
                }

            case 'x':
                {
                    int codePoint;
                    if (i < p.Length && p[i] == '{')
                    {
                        int end = p.IndexOf('}', i);
                        if (end < 0 || !int.TryParse(p.AsSpan(i + 1, end - i - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out codePoint) || codePoint > 0x10FFFF)
                        {
                            error = $"invalid regular expression '{p}': invalid \\x{{...}} escape";
                            return false;
                        }

                        i = end + 1;
                    }
                    else if (i + 2 <= p.Length && int.TryParse(p.AsSpan(i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out codePoint))
                    {
                        i += 2;
                    }
                    else
                    {
                        error = $"invalid regular expression '{p}': invalid \\x escape";
                        return false;
                    }

                    string text = char.ConvertFromUtf32(codePoint);
                    sb.Append(inClass ? EscapeInClass(text) : Regex.Escape(text));
                    return true;
                }

            case >= '0' and <= '7':
                {
                    // Octal escape (\0, \12, \123); \1-\9 as backreferences do not exist in RE2.
                    if (e != '0' && (i >= p.Length || p[i] is < '0' or > '7'))
                    {
                        error = $"invalid regular expression '{p}': backreferences are not supported";
                        return false;
                    }

                    int value = e - '0';
                    for (int k = 0; k < 2 && i < p.Length && p[i] is >= '0' and <= '7'; k++, i++)
                    {
                        value = (value * 8) + (p[i] - '0');
                    }

                    sb.Append(@"\u").Append(value.ToString("X4", CultureInfo.InvariantCulture));
                    return true;
                }

            case '8' or '9' or 'k' or 'g' or 'G' or 'K' or 'Z' or 'C' or 'X' or 'R' or 'c' or 'e' or 'u' or 'U' or 'N' or 'o':
                error = $"invalid regular expression '{p}': unsupported escape '\\{e}'";
                return false;
            case 'A' or 'z' or 'b' or 'B' when inClass:
                error = $"invalid regular expression '{p}': '\\{e}' is not valid in a character class";
                return false;
            default:
                sb.Append('\\').Append(e);
                return true;
        }
    }

    private static string EscapeInClass(string text)
    {
        var sb = new StringBuilder();
        foreach (char c in text)
        {
            if (c is '\\' or ']' or '[' or '^' or '-')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary><c>\pL</c> (one-letter class, RE2 only) becomes <c>\p{L}</c>; <c>\p{Name}</c> is copied whole.</summary>
    private static bool TryUnicodeClass(string p, ref int i, StringBuilder sb, char e, out string error)
    {
        error = string.Empty;
        if (i >= p.Length)
        {
            error = $"invalid regular expression '{p}': incomplete \\{e} escape";
            return false;
        }

        if (p[i] != '{')
        {
            sb.Append('\\').Append(e).Append('{').Append(p[i]).Append('}');
            i++;
            return true;
        }

        int close = p.IndexOf('}', i);
        if (close < 0)
        {
            error = $"invalid regular expression '{p}': unterminated \\{e}{{...}}";
            return false;
        }

        sb.Append('\\').Append(e).Append(p, i, close - i + 1);
        i = close + 1;
        return true;
    }
}
