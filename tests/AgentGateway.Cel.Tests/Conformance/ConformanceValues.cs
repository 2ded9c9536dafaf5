using System.Globalization;
using System.Text;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Tests.Conformance;

/// <summary>Converts <c>cel.expr.Value</c> messages to <see cref="CelValue"/>s, and compares results strictly.</summary>
internal static class ConformanceValues
{
    /// <summary>Converts a value; returns a skip reason instead when it needs protobuf message or enum types.</summary>
    public static bool TryConvert(TextProtoMessage value, out CelValue result, out string skipReason)
    {
        skipReason = string.Empty;
        result = default;
        if (value.Fields.Count != 1)
        {
            skipReason = "malformed value";
            return false;
        }

        var (kind, field) = (value.Fields[0].Key, value.Fields[0].Value);
        switch (kind)
        {
            case "null_value":
                result = CelValue.Null;
                return true;
            case "bool_value":
                result = CelValue.FromBool(field.Scalar == "true");
                return true;
            case "int64_value":
                result = CelValue.FromInt64(long.Parse(field.Scalar!, CultureInfo.InvariantCulture));
                return true;
            case "uint64_value":
                result = CelValue.FromUInt64(ulong.Parse(field.Scalar!, CultureInfo.InvariantCulture));
                return true;
            case "double_value":
                result = CelValue.FromDouble(ParseDouble(field.Scalar!));
                return true;
            case "string_value":
                result = CelValue.FromString(Encoding.UTF8.GetString(field.StringBytes ?? []));
                return true;
            case "bytes_value":
                result = CelValue.FromBytes(field.StringBytes ?? []);
                return true;
            case "type_value":
                result = CelValue.ForType(CelType.TryGetBuiltIn(field.AsString(), out var type) ? type : new CelType(field.AsString()));
                return true;
            case "list_value":
                {
                    var items = new List<CelValue>();
                    foreach (var item in field.Message!.All("values"))
                    {
                        if (!TryConvert(item.Message!, out var element, out skipReason))
                        {
                            return false;
                        }

                        items.Add(element);
                    }

                    result = CelValue.FromList(items.ToArray());
                    return true;
                }

            case "map_value":
                {
                    var keys = new List<CelValue>();
                    var values = new List<CelValue>();
                    foreach (var entry in field.Message!.All("entries"))
                    {
                        if (!TryConvert(entry.Message!.GetMessage("key")!, out var k, out skipReason)
                            || !TryConvert(entry.Message!.GetMessage("value")!, out var v, out skipReason))
                        {
                            return false;
                        }

                        keys.Add(k);
                        values.Add(v);
                    }

                    result = HashCelMap.Create([.. keys], [.. values]);
                    return !result.IsError;
                }

            case "object_value":
                return TryConvertAny(field.Message!, out result, out skipReason);
            case "enum_value":
                skipReason = "needs protobuf enum values";
                return false;
            default:
                skipReason = $"unknown value kind '{kind}'";
                return false;
        }
    }

    /// <summary>Only the well-known types CEL has natively (Duration, Timestamp) are supported inside Any.</summary>
    private static bool TryConvertAny(TextProtoMessage any, out CelValue result, out string skipReason)
    {
        result = default;
        skipReason = string.Empty;
        var (typeUrl, body) = (any.Fields[0].Key, any.Fields[0].Value.Message!);
        long seconds = long.Parse(body.Get("seconds")?.Scalar ?? "0", CultureInfo.InvariantCulture);
        int nanos = int.Parse(body.Get("nanos")?.Scalar ?? "0", CultureInfo.InvariantCulture);
        switch (typeUrl)
        {
            case "[type.googleapis.com/google.protobuf.Duration]":
                result = CelValue.ForDuration((seconds * 1_000_000_000) + nanos);
                return true;
            case "[type.googleapis.com/google.protobuf.Timestamp]":
                result = CelValue.ForTimestamp(seconds, nanos);
                return true;
            default:
                skipReason = $"needs protobuf message {typeUrl.Trim('[', ']').Split('/')[^1]}";
                return false;
        }
    }

    private static double ParseDouble(string s) => s.ToLowerInvariant() switch
    {
        "inf" or "infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>Equality for expected results: same kinds all the way down (1 and 1.0 differ), NaN equals NaN.</summary>
    public static bool StrictEquals(in CelValue expected, in CelValue actual)
    {
        if (expected.Kind != actual.Kind)
        {
            return false;
        }

        switch (expected.Kind)
        {
            case CelValueKind.Double:
                return (double.IsNaN(expected.DoubleValue) && double.IsNaN(actual.DoubleValue)) || expected.DoubleValue == actual.DoubleValue;
            case CelValueKind.List:
                {
                    int n = CelCollections.ListCount(expected);
                    if (n != CelCollections.ListCount(actual))
                    {
                        return false;
                    }

                    for (int i = 0; i < n; i++)
                    {
                        if (!StrictEquals(CelCollections.ListGet(expected, i), CelCollections.ListGet(actual, i)))
                        {
                            return false;
                        }
                    }

                    return true;
                }

            case CelValueKind.Map:
                {
                    if (CelCollections.MapCount(expected) != CelCollections.MapCount(actual))
                    {
                        return false;
                    }

                    foreach (var key in CelCollections.MapKeys(expected))
                    {
                        CelCollections.MapTryGet(expected, key, out var e);
                        if (!CelCollections.MapTryGet(actual, key, out var a) || !StrictEquals(e, a))
                        {
                            return false;
                        }
                    }

                    return true;
                }

            default:
                return CelOps.ValueEquals(expected, actual);
        }
    }
}
