using System.Text;
using AgentGateway.Cel.Compilation;
using AgentGateway.Cel.Interpreter;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Library;

/// <summary>
/// The standard string functions (<c>contains</c>, <c>startsWith</c>, <c>endsWith</c>, <c>size</c>) and cel-go's
/// strings extension. Indices count Unicode code points, not UTF-16 code units.
/// </summary>
internal static class StringFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        registry.Both("size", static (in CelValue a) => CelOps.Size(a));
        registry.Receiver("contains", Strings2("contains", static (s, t) => CelValue.FromBool(s.Contains(t, StringComparison.Ordinal))));
        registry.Receiver("startsWith", Strings2("startsWith", static (s, t) => CelValue.FromBool(s.StartsWith(t, StringComparison.Ordinal))));
        registry.Receiver("endsWith", Strings2("endsWith", static (s, t) => CelValue.FromBool(s.EndsWith(t, StringComparison.Ordinal))));

        registry.Receiver("charAt", CharAt);
        registry.Receiver("indexOf", Strings2("indexOf", static (s, t) => IndexOf(s, t, 0)));
        registry.Receiver("indexOf", static (in CelValue s, in CelValue t, in CelValue start) =>
            s.Kind == CelValueKind.String && t.Kind == CelValueKind.String && start.Kind == CelValueKind.Int
                ? IndexOf(s.StringValue, t.StringValue, start.IntValue)
                : CelErrors.NoSuchOverload("indexOf", s, t));
        registry.Receiver("lastIndexOf", Strings2("lastIndexOf", static (s, t) => LastIndexOf(s, t, null)));
        registry.Receiver("lastIndexOf", static (in CelValue s, in CelValue t, in CelValue start) =>
            s.Kind == CelValueKind.String && t.Kind == CelValueKind.String && start.Kind == CelValueKind.Int
                ? LastIndexOf(s.StringValue, t.StringValue, start.IntValue)
                : CelErrors.NoSuchOverload("lastIndexOf", s, t));
        registry.Receiver("lowerAscii", String1("lowerAscii", static s => CelValue.FromString(MapAscii(s, upper: false))));
        registry.Receiver("upperAscii", String1("upperAscii", static s => CelValue.FromString(MapAscii(s, upper: true))));
        registry.Receiver("trim", String1("trim", static s => CelValue.FromString(Trim(s))));
        registry.Receiver("reverse", String1("reverse", static s => CelValue.FromString(Reverse(s))));
        registry.Receiver("replace", static (in CelValue s, in CelValue from, in CelValue to) =>
            AllStrings(s, from, to) ? Replace(s.StringValue, from.StringValue, to.StringValue, -1) : CelErrors.NoSuchOverload("replace", s, from));
        registry.ReceiverVariadic("replace", static args =>
            args.Length == 4 && AllStrings(args[0], args[1], args[2]) && args[3].Kind == CelValueKind.Int
                ? Replace(args[0].StringValue, args[1].StringValue, args[2].StringValue, args[3].IntValue)
                : CelErrors.NoSuchOverload("replace"));
        registry.Receiver("split", Strings2("split", static (s, sep) => Split(s, sep, -1)));
        registry.Receiver("split", static (in CelValue s, in CelValue sep, in CelValue n) =>
            s.Kind == CelValueKind.String && sep.Kind == CelValueKind.String && n.Kind == CelValueKind.Int
                ? Split(s.StringValue, sep.StringValue, n.IntValue)
                : CelErrors.NoSuchOverload("split", s, sep));
        registry.Receiver("substring", static (in CelValue s, in CelValue start) =>
            s.Kind == CelValueKind.String && start.Kind == CelValueKind.Int
                ? Substring(s.StringValue, start.IntValue, null)
                : CelErrors.NoSuchOverload("substring", s, start));
        registry.Receiver("substring", static (in CelValue s, in CelValue start, in CelValue end) =>
            s.Kind == CelValueKind.String && start.Kind == CelValueKind.Int && end.Kind == CelValueKind.Int
                ? Substring(s.StringValue, start.IntValue, end.IntValue)
                : CelErrors.NoSuchOverload("substring", s, start));
        registry.Receiver("join", static (in CelValue list) => Join(list, string.Empty));
        registry.Receiver("join", static (in CelValue list, in CelValue sep) =>
            sep.Kind == CelValueKind.String ? Join(list, sep.StringValue) : CelErrors.NoSuchOverload("join", list, sep));
        registry.Global("strings.quote", static (in CelValue s) =>
            s.Kind == CelValueKind.String ? CelValue.FromString(Quote(s.StringValue)) : CelErrors.NoSuchOverload("strings.quote", s));
        registry.Receiver("format", static (in CelValue s, in CelValue args) =>
            s.Kind == CelValueKind.String && args.Kind == CelValueKind.List
                ? StringFormatter.Format(s.StringValue, args)
                : CelErrors.NoSuchOverload("format", s, args));
    }

    private static UnaryFunction String1(string name, Func<string, CelValue> body) =>
        (in CelValue s) => s.Kind == CelValueKind.String ? body(s.StringValue) : CelErrors.NoSuchOverload(name, s);

    private static BinaryFunction Strings2(string name, Func<string, string, CelValue> body) =>
        (in CelValue s, in CelValue t) => s.Kind == CelValueKind.String && t.Kind == CelValueKind.String
            ? body(s.StringValue, t.StringValue)
            : CelErrors.NoSuchOverload(name, s, t);

    private static bool AllStrings(in CelValue a, in CelValue b, in CelValue c) =>
        a.Kind == CelValueKind.String && b.Kind == CelValueKind.String && c.Kind == CelValueKind.String;

    private static CelValue CharAt(in CelValue s, in CelValue index)
    {
        if (s.Kind != CelValueKind.String || index.Kind != CelValueKind.Int)
        {
            return CelErrors.NoSuchOverload("charAt", s, index);
        }

        var runes = Runes(s.StringValue);
        long i = index.IntValue;
        if (i < 0 || i > runes.Length)
        {
            return CelErrors.Of($"index out of range: {i}");
        }

        return CelValue.FromString(i == runes.Length ? string.Empty : runes[i].ToString());
    }

    private static CelValue IndexOf(string s, string t, long start)
    {
        var runes = Runes(s);
        if (start < 0 || start > runes.Length)
        {
            return CelErrors.Of($"index out of range: {start}");
        }

        var needle = Runes(t);
        for (long i = start; i + needle.Length <= runes.Length; i++)
        {
            if (runes.AsSpan((int)i, needle.Length).SequenceEqual(needle))
            {
                return CelValue.FromInt64(i);
            }
        }

        return CelValue.FromInt64(-1);
    }

    private static CelValue LastIndexOf(string s, string t, long? start)
    {
        var runes = Runes(s);
        long from = start ?? runes.Length;
        if (from < 0 || from > runes.Length)
        {
            return CelErrors.Of($"index out of range: {from}");
        }

        var needle = Runes(t);
        for (long i = Math.Min(from, runes.Length - needle.Length); i >= 0; i--)
        {
            if (runes.AsSpan((int)i, needle.Length).SequenceEqual(needle))
            {
                return CelValue.FromInt64(i);
            }
        }

        return CelValue.FromInt64(-1);
    }

    private static string MapAscii(string s, bool upper)
    {
        return string.Create(s.Length, (s, upper), static (span, state) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                char c = state.s[i];
                span[i] = state.upper ? (char.IsAsciiLetterLower(c) ? (char)(c - 32) : c) : (char.IsAsciiLetterUpper(c) ? (char)(c + 32) : c);
            }
        });
    }

    /// <summary>Trims Unicode white space (not the zero-width characters), like Go's <c>strings.TrimSpace</c>.</summary>
    private static string Trim(string s) => s.Trim();

    private static string Reverse(string s)
    {
        var runes = Runes(s);
        Array.Reverse(runes);
        var sb = new StringBuilder(s.Length);
        foreach (var rune in runes)
        {
            sb.Append(rune.ToString());
        }

        return sb.ToString();
    }

    private static CelValue Replace(string s, string from, string to, long limit)
    {
        if (limit < 0)
        {
            return CelValue.FromString(from.Length == 0 ? ReplaceEmpty(s, to, long.MaxValue) : s.Replace(from, to, StringComparison.Ordinal));
        }

        if (from.Length == 0)
        {
            return CelValue.FromString(ReplaceEmpty(s, to, limit));
        }

        var sb = new StringBuilder();
        int pos = 0;
        for (long n = 0; n < limit; n++)
        {
            int found = s.IndexOf(from, pos, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }

            sb.Append(s, pos, found - pos).Append(to);
            pos = found + from.Length;
        }

        return CelValue.FromString(sb.Append(s, pos, s.Length - pos).ToString());
    }

    /// <summary>Go's rule for an empty search string: insert before every code point and at the end.</summary>
    private static string ReplaceEmpty(string s, string to, long limit)
    {
        var sb = new StringBuilder();
        long n = 0;
        foreach (var rune in s.EnumerateRunes())
        {
            if (n++ < limit)
            {
                sb.Append(to);
            }

            sb.Append(rune.ToString());
        }

        if (n++ < limit)
        {
            sb.Append(to);
        }

        return sb.ToString();
    }

    private static CelValue Split(string s, string sep, long limit)
    {
        if (limit == 0)
        {
            return CelValue.ForList(ArrayCelList.Empty);
        }

        string[] parts;
        if (sep.Length == 0)
        {
            var runes = Runes(s);
            long count = limit < 0 || limit > runes.Length ? runes.Length : limit;
            parts = new string[count];
            for (int i = 0; i < count; i++)
            {
                parts[i] = i == count - 1 && count < runes.Length ? Concat(runes, i) : runes[i].ToString();
            }
        }
        else
        {
            parts = limit < 0 || limit > int.MaxValue ? s.Split(sep) : s.Split(sep, (int)limit);
        }

        var items = new CelValue[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            items[i] = CelValue.FromString(parts[i]);
        }

        return CelValue.ForList(new ArrayCelList(items));
    }

    private static string Concat(Rune[] runes, int from)
    {
        var sb = new StringBuilder();
        for (int i = from; i < runes.Length; i++)
        {
            sb.Append(runes[i].ToString());
        }

        return sb.ToString();
    }

    private static CelValue Substring(string s, long start, long? end)
    {
        var runes = Runes(s);
        long stop = end ?? runes.Length;
        if (start < 0 || start > runes.Length || stop < start || stop > runes.Length)
        {
            return CelErrors.Of($"index out of range: substring({start}, {stop}) of a string of length {runes.Length}");
        }

        var sb = new StringBuilder();
        for (long i = start; i < stop; i++)
        {
            sb.Append(runes[i].ToString());
        }

        return CelValue.FromString(sb.ToString());
    }

    private static CelValue Join(in CelValue list, string separator)
    {
        if (list.Kind != CelValueKind.List)
        {
            return CelErrors.NoSuchOverload("join", list);
        }

        var sb = new StringBuilder();
        int count = CelCollections.ListCount(list);
        for (int i = 0; i < count; i++)
        {
            var item = CelCollections.ListGet(list, i);
            if (item.Kind != CelValueKind.String)
            {
                return CelErrors.NoSuchOverload("join", item);
            }

            if (i > 0)
            {
                sb.Append(separator);
            }

            sb.Append(item.StringValue);
        }

        return CelValue.FromString(sb.ToString());
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        CelFormatter.AppendQuoted(sb, s);
        return sb.ToString();
    }

    private static Rune[] Runes(string s)
    {
        var list = new List<Rune>(s.Length);
        foreach (var rune in s.EnumerateRunes())
        {
            list.Add(rune);
        }

        return [.. list];
    }
}
