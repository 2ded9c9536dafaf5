using System.Globalization;
using System.Text;
using AgentGateway.Cel.Compilation;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Library;

/// <summary>Type conversions: <c>int uint double string bytes bool dyn type timestamp duration</c>.</summary>
internal static class ConversionFunctions
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Register(FunctionRegistry registry)
    {
        registry.Global("int", ToInt);
        registry.Global("uint", ToUint);
        registry.Global("double", ToDouble);
        registry.Global("string", ToStringValue);
        registry.Global("bytes", ToBytes);
        registry.Global("bool", ToBool);
        registry.Global("dyn", static (in CelValue a) => a);
        registry.Global("type", static (in CelValue a) => CelValue.ForType(CelType.Of(a)));
        registry.Global("timestamp", ToTimestamp);
        registry.Global("duration", ToDuration);
    }

    public static CelValue ToInt(in CelValue a)
    {
        switch (a.Kind)
        {
            case CelValueKind.Int:
                return a;
            case CelValueKind.Uint:
                return a.UintValue > long.MaxValue ? CelErrors.Range("uint out of int range") : CelValue.FromInt64((long)a.UintValue);
            case CelValueKind.Double:
                {
                    double d = a.DoubleValue;
                    // Both bounds are exclusive: (double)long.MaxValue rounds up to 2^63, which does not fit.
                    return double.IsNaN(d) || d <= -9.2233720368547758E18 || d >= 9.2233720368547758E18
                        ? CelErrors.Range("double out of int range")
                        : CelValue.FromInt64((long)d);
                }

            case CelValueKind.String:
                return long.TryParse(a.StringValue, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)
                    ? CelValue.FromInt64(l)
                    : CelErrors.Conversion($"cannot convert '{a.StringValue}' to int");
            case CelValueKind.Timestamp:
                return CelValue.FromInt64(a.Bits);
            case CelValueKind.Duration:
                return CelValue.FromInt64(a.Bits);
            default:
                return CelErrors.NoSuchOverload("int", a);
        }
    }

    public static CelValue ToUint(in CelValue a)
    {
        switch (a.Kind)
        {
            case CelValueKind.Uint:
                return a;
            case CelValueKind.Int:
                return a.IntValue < 0 ? CelErrors.Range("int out of uint range") : CelValue.FromUInt64((ulong)a.IntValue);
            case CelValueKind.Double:
                {
                    double d = a.DoubleValue;
                    return double.IsNaN(d) || d < 0 || d >= 1.8446744073709552E19
                        ? CelErrors.Range("double out of uint range")
                        : CelValue.FromUInt64((ulong)d);
                }

            case CelValueKind.String:
                return ulong.TryParse(a.StringValue, NumberStyles.None, CultureInfo.InvariantCulture, out ulong u)
                    ? CelValue.FromUInt64(u)
                    : CelErrors.Conversion($"cannot convert '{a.StringValue}' to uint");
            default:
                return CelErrors.NoSuchOverload("uint", a);
        }
    }

    public static CelValue ToDouble(in CelValue a)
    {
        switch (a.Kind)
        {
            case CelValueKind.Double:
                return a;
            case CelValueKind.Int:
                return CelValue.FromDouble(a.IntValue);
            case CelValueKind.Uint:
                return CelValue.FromDouble(a.UintValue);
            case CelValueKind.String:
                return TryParseDouble(a.StringValue, out double d)
                    ? CelValue.FromDouble(d)
                    : CelErrors.Conversion($"cannot convert '{a.StringValue}' to double");
            default:
                return CelErrors.NoSuchOverload("double", a);
        }
    }

    /// <summary>Go <c>strconv.ParseFloat</c>-like: decimal or exponent form, <c>inf</c>/<c>infinity</c>/<c>nan</c> in any case.</summary>
    public static bool TryParseDouble(string s, out double value)
    {
        string t = s.TrimStart('+', '-');
        if (t.Length > 0 && s.Length - t.Length <= 1)
        {
            bool negative = s[0] == '-';
            if (t.Equals("inf", StringComparison.OrdinalIgnoreCase) || t.Equals("infinity", StringComparison.OrdinalIgnoreCase))
            {
                value = negative ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }

            if (t.Equals("nan", StringComparison.OrdinalIgnoreCase))
            {
                value = double.NaN;
                return true;
            }
        }

        return double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
            && !string.IsNullOrEmpty(s);
    }

    public static CelValue ToStringValue(in CelValue a)
    {
        switch (a.Kind)
        {
            case CelValueKind.String:
                return a;
            case CelValueKind.Int:
                return CelValue.FromString(a.IntValue.ToString(CultureInfo.InvariantCulture));
            case CelValueKind.Uint:
                return CelValue.FromString(a.UintValue.ToString(CultureInfo.InvariantCulture));
            case CelValueKind.Double:
                return CelValue.FromString(CelNumberFormat.FormatDouble(a.DoubleValue));
            case CelValueKind.Bool:
                return CelValue.FromString(a.BoolValue ? "true" : "false");
            case CelValueKind.Bytes:
                try
                {
                    return CelValue.FromString(s_strictUtf8.GetString(a.BytesValue));
                }
                catch (DecoderFallbackException)
                {
                    return CelErrors.Conversion("invalid UTF-8 in bytes");
                }

            case CelValueKind.Timestamp:
                return CelValue.FromString(CelTimeFormat.FormatTimestamp(a.Bits, a.Nanos));
            case CelValueKind.Duration:
                return CelValue.FromString(CelTimeFormat.FormatDuration(a.Bits));
            case CelValueKind.Object when a.ObjectValue is ICelStringConvertible convertible:
                return CelValue.FromString(convertible.ToCelString());
            default:
                return CelErrors.NoSuchOverload("string", a);
        }
    }

    public static CelValue ToBytes(in CelValue a) => a.Kind switch
    {
        CelValueKind.Bytes => a,
        CelValueKind.String => new CelValue(CelValueKind.Bytes, Encoding.UTF8.GetBytes(a.StringValue)),
        _ => CelErrors.NoSuchOverload("bytes", a),
    };

    public static CelValue ToBool(in CelValue a)
    {
        switch (a.Kind)
        {
            case CelValueKind.Bool:
                return a;
            case CelValueKind.String:
                switch (a.StringValue)
                {
                    case "1" or "t" or "T" or "true" or "TRUE" or "True":
                        return CelValue.True;
                    case "0" or "f" or "F" or "false" or "FALSE" or "False":
                        return CelValue.False;
                    default:
                        return CelErrors.Conversion($"Type conversion error: cannot convert '{a.StringValue}' to bool");
                }

            default:
                return CelErrors.NoSuchOverload("bool", a);
        }
    }

    public static CelValue ToTimestamp(in CelValue a)
    {
        switch (a.Kind)
        {
            case CelValueKind.Timestamp:
                return a;
            case CelValueKind.Int:
                return CelTime.Timestamp(a.IntValue, 0);
            case CelValueKind.String:
                return CelTimeFormat.TryParseTimestamp(a.StringValue, out long seconds, out int nanos)
                    ? CelTime.Timestamp(seconds, nanos)
                    : CelErrors.Range($"cannot parse timestamp '{a.StringValue}' (expected RFC 3339 within years 0001-9999)");
            default:
                return CelErrors.NoSuchOverload("timestamp", a);
        }
    }

    public static CelValue ToDuration(in CelValue a)
    {
        switch (a.Kind)
        {
            case CelValueKind.Duration:
                return a;
            case CelValueKind.String:
                return CelTimeFormat.TryParseDuration(a.StringValue, out long nanos)
                    ? CelValue.ForDuration(nanos)
                    : CelErrors.Range($"cannot parse duration '{a.StringValue}' (or out of range)");
            default:
                return CelErrors.NoSuchOverload("duration", a);
        }
    }
}
