using System.Text.Json;

namespace AgentGateway.Cel.Runtime;

/// <summary>Indexing, field selection, presence tests, <c>in</c> and <c>size</c>.</summary>
internal static partial class CelOps
{
    /// <summary><c>a[i]</c>: list index (int, uint, or integral double) or map key; missing keys are errors.</summary>
    public static CelValue Index(in CelValue container, in CelValue index)
    {
        switch (container.Kind)
        {
            case CelValueKind.List:
                {
                    if (!TryGetListIndex(index, out long i))
                    {
                        return CelErrors.InvalidIndex(index);
                    }

                    int count = CelCollections.ListCount(container);
                    return i < 0 || i >= count ? CelErrors.IndexOutOfRange(i, count) : CelCollections.ListGet(container, (int)i);
                }

            case CelValueKind.Map:
                return CelCollections.MapTryGet(container, index, out var value) ? value : CelErrors.NoSuchKey(index);
            case CelValueKind.Optional:
                return OptionalIndex(container, index);
            default:
                return CelErrors.NoSuchOverload("_[_]", container, index);
        }
    }

    /// <summary><c>a[?i]</c>: an optional holding the element, or <c>optional.none()</c> when absent.</summary>
    public static CelValue OptionalIndex(in CelValue container, in CelValue index)
    {
        switch (container.Kind)
        {
            case CelValueKind.List:
                {
                    if (!TryGetListIndex(index, out long i))
                    {
                        return CelErrors.InvalidIndex(index);
                    }

                    return i < 0 || i >= CelCollections.ListCount(container)
                        ? CelValue.OptionalNone
                        : CelValue.OptionalOf(CelCollections.ListGet(container, (int)i));
                }

            case CelValueKind.Map:
                return CelCollections.MapTryGet(container, index, out var value) ? CelValue.OptionalOf(value) : CelValue.OptionalNone;
            case CelValueKind.Optional:
                return container.HasOptionalValue ? OptionalIndex(container.OptionalValue, index) : container;
            default:
                return CelErrors.NoSuchOverload("_[?_]", container, index);
        }
    }

    /// <summary><c>a.f</c>: a map key, a JSON property or a host object field; a missing one is an error.</summary>
    public static CelValue Select(in CelValue operand, string field)
    {
        switch (operand.Kind)
        {
            case CelValueKind.Map:
                return CelCollections.MapTryGetField(operand, field, out var value) ? value : CelErrors.NoSuchKey(field);
            case CelValueKind.Object:
                return operand.ObjectValue.TryGetField(field, out var fieldValue) ? fieldValue : CelErrors.NoSuchField(field);
            case CelValueKind.Optional:
                return OptionalSelect(operand, field);
            case CelValueKind.Error:
                return operand;
            default:
                return CelErrors.DoesNotSupportFieldSelection(operand);
        }
    }

    /// <summary><c>a.?f</c>: an optional holding the field, or <c>optional.none()</c> when absent.</summary>
    public static CelValue OptionalSelect(in CelValue operand, string field)
    {
        switch (operand.Kind)
        {
            case CelValueKind.Map:
                return CelCollections.MapTryGetField(operand, field, out var value) ? CelValue.OptionalOf(value) : CelValue.OptionalNone;
            case CelValueKind.Object:
                return operand.ObjectValue.TryGetField(field, out var fieldValue) ? CelValue.OptionalOf(fieldValue) : CelValue.OptionalNone;
            case CelValueKind.Optional:
                return operand.HasOptionalValue ? OptionalSelect(operand.OptionalValue, field) : operand;
            case CelValueKind.Error:
                return operand;
            default:
                return CelErrors.DoesNotSupportFieldSelection(operand);
        }
    }

    /// <summary><c>has(a.f)</c>.</summary>
    public static CelValue Has(in CelValue operand, string field)
    {
        switch (operand.Kind)
        {
            case CelValueKind.Map:
                return CelValue.FromBool(CelCollections.MapTryGetField(operand, field, out _));
            case CelValueKind.Object:
                return CelValue.FromBool(operand.ObjectValue.TryGetField(field, out _));
            case CelValueKind.Optional:
                return operand.HasOptionalValue ? Has(operand.OptionalValue, field) : CelValue.False;
            case CelValueKind.Error:
                return operand;
            default:
                return CelErrors.DoesNotSupportFieldSelection(operand);
        }
    }

    /// <summary><c>e in c</c>: list membership by CEL equality, or map key presence.</summary>
    public static CelValue In(in CelValue element, in CelValue container)
    {
        switch (container.Kind)
        {
            case CelValueKind.List:
                return CelValue.FromBool(ListContains(container, element));
            case CelValueKind.Map:
                return CelValue.FromBool(CelCollections.MapContainsKey(container, element));
            default:
                return CelErrors.NoSuchOverload("@in", element, container);
        }
    }

    /// <summary><c>size(x)</c>: code points of a string, bytes, list elements or map entries.</summary>
    public static CelValue Size(in CelValue value)
    {
        switch (value.Kind)
        {
            case CelValueKind.String:
                return CelValue.FromInt64(CodePointCount(value.StringValue));
            case CelValueKind.Bytes:
                return CelValue.FromInt64(value.BytesValue.Length);
            case CelValueKind.List:
                return CelValue.FromInt64(CelCollections.ListCount(value));
            case CelValueKind.Map:
                return CelValue.FromInt64(CelCollections.MapCount(value));
            default:
                return CelErrors.NoSuchOverload("size", value);
        }
    }

    public static int CodePointCount(string s)
    {
        int count = s.Length;
        for (int i = 0; i < s.Length - 1; i++)
        {
            if (char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }

    private static bool ListContains(in CelValue list, in CelValue element)
    {
        if (list.ListRef is { } l)
        {
            for (int i = 0; i < l.Count; i++)
            {
                if (ValueEquals(element, l[i]))
                {
                    return true;
                }
            }

            return false;
        }

        // JSON array read in place: compare strings and numbers without materializing elements.
        if (element.Kind == CelValueKind.String)
        {
            if (element.TryGetClrString(out var needle))
            {
                foreach (var item in list.Json.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String && item.ValueEquals(needle))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        foreach (var item in list.Json.EnumerateArray())
        {
            if (ValueEquals(element, JsonValues.ToCel(item)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryGetListIndex(in CelValue index, out long i)
    {
        switch (index.Kind)
        {
            case CelValueKind.Int:
                i = index.IntValue;
                return true;
            case CelValueKind.Uint:
                i = index.UintValue > int.MaxValue ? int.MaxValue : (long)index.UintValue;
                return true;
            case CelValueKind.Double:
                double d = index.DoubleValue;
                if (Math.Truncate(d) == d && d > -9.2233720368547758E18 && d < 9.2233720368547758E18)
                {
                    i = (long)d;
                    return true;
                }

                break;
        }

        i = 0;
        return false;
    }
}
