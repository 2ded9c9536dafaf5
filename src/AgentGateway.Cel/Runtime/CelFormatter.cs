using System.Globalization;
using System.Text;

namespace AgentGateway.Cel.Runtime;

/// <summary>Renders values as CEL-like text, for <see cref="CelValue.ToString"/> and error messages.</summary>
internal static class CelFormatter
{
    public static string Format(in CelValue value)
    {
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, in CelValue value)
    {
        switch (value.Kind)
        {
            case CelValueKind.Null:
                sb.Append("null");
                break;
            case CelValueKind.Bool:
                sb.Append(value.BoolValue ? "true" : "false");
                break;
            case CelValueKind.Int:
                sb.Append(value.IntValue.ToString(CultureInfo.InvariantCulture));
                break;
            case CelValueKind.Uint:
                sb.Append(value.UintValue.ToString(CultureInfo.InvariantCulture)).Append('u');
                break;
            case CelValueKind.Double:
                sb.Append(CelNumberFormat.FormatDouble(value.DoubleValue));
                break;
            case CelValueKind.String:
                AppendQuoted(sb, value.StringValue);
                break;
            case CelValueKind.Bytes:
                sb.Append("b\"");
                foreach (byte b in value.BytesValue)
                {
                    if (b is >= 0x20 and < 0x7f and not (byte)'"' and not (byte)'\\')
                    {
                        sb.Append((char)b);
                    }
                    else
                    {
                        sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
                    }
                }

                sb.Append('"');
                break;
            case CelValueKind.List:
                {
                    sb.Append('[');
                    int n = CelCollections.ListCount(value);
                    for (int i = 0; i < n; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(", ");
                        }

                        Append(sb, CelCollections.ListGet(value, i));
                    }

                    sb.Append(']');
                    break;
                }

            case CelValueKind.Map:
                {
                    sb.Append('{');
                    bool first = true;
                    foreach (var key in CelCollections.MapKeys(value))
                    {
                        if (!first)
                        {
                            sb.Append(", ");
                        }

                        first = false;
                        Append(sb, key);
                        sb.Append(": ");
                        CelCollections.MapTryGet(value, key, out var v);
                        Append(sb, v);
                    }

                    sb.Append('}');
                    break;
                }

            case CelValueKind.Type:
                sb.Append(value.TypeValue.Name);
                break;
            case CelValueKind.Timestamp:
                sb.Append("timestamp(\"").Append(CelTimeFormat.FormatTimestamp(value.Bits, value.Nanos)).Append("\")");
                break;
            case CelValueKind.Duration:
                sb.Append("duration(\"").Append(CelTimeFormat.FormatDuration(value.Bits)).Append("\")");
                break;
            case CelValueKind.Optional:
                if (value.HasOptionalValue)
                {
                    sb.Append("optional.of(");
                    Append(sb, value.OptionalValue);
                    sb.Append(')');
                }
                else
                {
                    sb.Append("optional.none()");
                }

                break;
            case CelValueKind.Object:
                sb.Append(value.ObjectValue.ToString() ?? value.ObjectValue.TypeName);
                break;
            case CelValueKind.Error:
                sb.Append("error(").Append(value.ErrorMessage).Append(')');
                break;
        }
    }

    /// <summary>Appends a double-quoted string with Go-style escapes (also used by <c>strings.quote</c>).</summary>
    public static void AppendQuoted(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\a':
                    sb.Append("\\a");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\v':
                    sb.Append("\\v");
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        sb.Append('\uFFFD');
                    }
                    else if (c < 0x20 || c == 0x7f)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
