using System.Globalization;
using System.Text;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Library;

/// <summary>
/// <c>'...'.format([args])</c> from cel-go's strings extension: <c>%s %d %f %e %b %x %X %o %%</c>, with an optional
/// precision for <c>%f</c> and <c>%e</c> (<c>%.2f</c>).
/// </summary>
internal static class StringFormatter
{
    public static CelValue Format(string format, in CelValue args)
    {
        var sb = new StringBuilder(format.Length + 16);
        int argCount = CelCollections.ListCount(args);
        int next = 0;
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }

            if (++i >= format.Length)
            {
                return CelErrors.Of("format: unterminated formatting clause");
            }

            if (format[i] == '%')
            {
                sb.Append('%');
                continue;
            }

            int? precision = null;
            if (format[i] == '.')
            {
                int start = ++i;
                while (i < format.Length && char.IsAsciiDigit(format[i]))
                {
                    i++;
                }

                if (i == start || i >= format.Length)
                {
                    return CelErrors.Of("format: invalid precision");
                }

                precision = int.Parse(format.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            }

            if (next >= argCount)
            {
                return CelErrors.Of($"format: index {next} out of range (only {argCount} arguments)");
            }

            var arg = CelCollections.ListGet(args, next++);
            var error = Clause(sb, format[i], precision, arg);
            if (error.IsError)
            {
                return error;
            }
        }

        return CelValue.FromString(sb.ToString());
    }

    private static CelValue Clause(StringBuilder sb, char verb, int? precision, in CelValue arg)
    {
        switch (verb)
        {
            case 's':
                return AppendString(sb, arg);
            case 'd':
                if (arg.Kind is CelValueKind.Int or CelValueKind.Uint)
                {
                    sb.Append(arg.Kind == CelValueKind.Int ? arg.IntValue.ToString(CultureInfo.InvariantCulture) : arg.UintValue.ToString(CultureInfo.InvariantCulture));
                    return default;
                }

                // cel-go prints the non-finite doubles for %d too.
                if (arg.Kind == CelValueKind.Double && !double.IsFinite(arg.DoubleValue))
                {
                    sb.Append(NonFinite(arg.DoubleValue));
                    return default;
                }

                return Invalid(verb, arg);
            case 'f':
            case 'e':
                {
                    if (!TryGetDouble(arg, out double d))
                    {
                        return Invalid(verb, arg);
                    }

                    if (!double.IsFinite(d))
                    {
                        sb.Append(NonFinite(d));
                    }
                    else if (verb == 'f')
                    {
                        sb.Append(d.ToString("F" + (precision ?? 6).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        // .NET writes e+006; Go (and cel-go) write e+06.
                        string s = d.ToString((precision ?? 6) == 0 ? "0e+00" : "0." + new string('0', precision ?? 6) + "e+00", CultureInfo.InvariantCulture);
                        sb.Append(s);
                    }

                    return default;
                }

            case 'b':
                if (arg.Kind == CelValueKind.Bool)
                {
                    sb.Append(arg.BoolValue ? '1' : '0');
                    return default;
                }

                return AppendRadix(sb, arg, 2, upper: false) ? default : Invalid(verb, arg);
            case 'o':
                return AppendRadix(sb, arg, 8, upper: false) ? default : Invalid(verb, arg);
            case 'x':
            case 'X':
                {
                    bool upper = verb == 'X';
                    if (arg.Kind is CelValueKind.String or CelValueKind.Bytes)
                    {
                        byte[] bytes = arg.Kind == CelValueKind.String ? Encoding.UTF8.GetBytes(arg.StringValue) : arg.BytesValue;
                        string hex = Convert.ToHexString(bytes);
                        sb.Append(upper ? hex : hex.ToLowerInvariant());
                        return default;
                    }

                    return AppendRadix(sb, arg, 16, upper) ? default : Invalid(verb, arg);
                }

            default:
                return CelErrors.Of($"format: unrecognized formatting clause '%{verb}'");
        }
    }

    private static CelValue Invalid(char verb, in CelValue arg) =>
        CelErrors.Of($"format: invalid argument of type {CelErrors.TypeName(arg)} for clause '%{verb}'");

    private static bool TryGetDouble(in CelValue arg, out double d)
    {
        switch (arg.Kind)
        {
            case CelValueKind.Double:
                d = arg.DoubleValue;
                return true;
            case CelValueKind.Int:
                d = arg.IntValue;
                return true;
            case CelValueKind.Uint:
                d = arg.UintValue;
                return true;
            case CelValueKind.String when ConversionFunctions.TryParseDouble(arg.StringValue, out d) && !double.IsFinite(d):
                return true;
            default:
                d = 0;
                return false;
        }
    }

    private static bool AppendRadix(StringBuilder sb, in CelValue arg, int radix, bool upper)
    {
        ulong magnitude;
        switch (arg.Kind)
        {
            case CelValueKind.Int:
                if (arg.IntValue < 0)
                {
                    sb.Append('-');
                }

                magnitude = arg.IntValue < 0 ? (ulong)(-(arg.IntValue + 1)) + 1 : (ulong)arg.IntValue;
                break;
            case CelValueKind.Uint:
                magnitude = arg.UintValue;
                break;
            default:
                return false;
        }

        if (magnitude == 0)
        {
            sb.Append('0');
            return true;
        }

        Span<char> buffer = stackalloc char[64];
        int pos = buffer.Length;
        string digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        while (magnitude > 0)
        {
            buffer[--pos] = digits[(int)(magnitude % (ulong)radix)];
            magnitude /= (ulong)radix;
        }

        sb.Append(buffer[pos..]);
        return true;
    }

    private static string NonFinite(double d) => double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";

    /// <summary>
    /// <c>%s</c>: strings and bytes as text, numbers as in <c>string()</c>, lists as <c>[a, b]</c> and maps as
    /// <c>{k: v}</c> sorted by key text (nested strings are not quoted, as in cel-go). Other values are errors.
    /// </summary>
    private static CelValue AppendString(StringBuilder sb, in CelValue arg)
    {
        switch (arg.Kind)
        {
            case CelValueKind.String:
                sb.Append(arg.StringValue);
                return default;
            case CelValueKind.Bytes:
                sb.Append(Encoding.UTF8.GetString(arg.BytesValue));
                return default;
            case CelValueKind.Double:
                sb.Append(double.IsFinite(arg.DoubleValue) ? CelNumberFormat.FormatDouble(arg.DoubleValue) : NonFinite(arg.DoubleValue));
                return default;
            case CelValueKind.Int:
                sb.Append(arg.IntValue.ToString(CultureInfo.InvariantCulture));
                return default;
            case CelValueKind.Uint:
                sb.Append(arg.UintValue.ToString(CultureInfo.InvariantCulture));
                return default;
            case CelValueKind.Bool:
                sb.Append(arg.BoolValue ? "true" : "false");
                return default;
            case CelValueKind.Null:
                sb.Append("null");
                return default;
            case CelValueKind.Type:
                sb.Append(arg.TypeValue.Name);
                return default;
            case CelValueKind.Timestamp:
                sb.Append(CelTimeFormat.FormatTimestamp(arg.Bits, arg.Nanos));
                return default;
            case CelValueKind.Duration:
                sb.Append(CelTimeFormat.FormatDuration(arg.Bits));
                return default;
            case CelValueKind.List:
                {
                    sb.Append('[');
                    int n = CelCollections.ListCount(arg);
                    for (int i = 0; i < n; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(", ");
                        }

                        var error = AppendString(sb, CelCollections.ListGet(arg, i));
                        if (error.IsError)
                        {
                            return error;
                        }
                    }

                    sb.Append(']');
                    return default;
                }

            case CelValueKind.Map:
                {
                    var entries = new List<(string Key, string Value)>();
                    foreach (var key in CelCollections.MapKeys(arg))
                    {
                        var keyText = new StringBuilder();
                        var valueText = new StringBuilder();
                        CelCollections.MapTryGet(arg, key, out var value);
                        var error = AppendString(keyText, key);
                        if (!error.IsError)
                        {
                            error = AppendString(valueText, value);
                        }

                        if (error.IsError)
                        {
                            return error;
                        }

                        entries.Add((keyText.ToString(), valueText.ToString()));
                    }

                    entries.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                    sb.Append('{');
                    for (int i = 0; i < entries.Count; i++)
                    {
                        sb.Append(i > 0 ? ", " : string.Empty).Append(entries[i].Key).Append(": ").Append(entries[i].Value);
                    }

                    sb.Append('}');
                    return default;
                }

            case CelValueKind.Object when arg.ObjectValue is ICelStringConvertible convertible:
                sb.Append(convertible.ToCelString());
                return default;
            default:
                return Invalid('s', arg);
        }
    }
}
