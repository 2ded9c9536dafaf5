namespace AgentGateway.Cel.Runtime;

/// <summary>Equality and ordering, with CEL's heterogeneous numeric semantics.</summary>
internal static partial class CelOps
{
    /// <summary>Result of <see cref="Compare"/> when the operands are ordered but NaN is involved.</summary>
    public const int Unordered = 2;

    /// <summary>Result of <see cref="Compare"/> when no ordering exists for the operand types.</summary>
    public const int NoOverload = 3;

    /// <summary>CEL <c>==</c> on two non-error values: values of different types are unequal, except numbers.</summary>
    public static bool ValueEquals(in CelValue a, in CelValue b)
    {
        if (a.Kind != b.Kind)
        {
            return IsNumber(a.Kind) && IsNumber(b.Kind) && CompareNumbers(a, b) == 0;
        }

        switch (a.Kind)
        {
            case CelValueKind.Null:
                return true;
            case CelValueKind.Bool:
            case CelValueKind.Int:
            case CelValueKind.Uint:
            case CelValueKind.Duration:
                return a.Bits == b.Bits;
            case CelValueKind.Double:
                return a.DoubleValue == b.DoubleValue;
            case CelValueKind.String:
                return StringEquals(a, b);
            case CelValueKind.Bytes:
                return a.BytesValue.AsSpan().SequenceEqual(b.BytesValue);
            case CelValueKind.List:
                return ListEquals(a, b);
            case CelValueKind.Map:
                return MapEquals(a, b);
            case CelValueKind.Type:
                return string.Equals(a.TypeValue.Name, b.TypeValue.Name, StringComparison.Ordinal);
            case CelValueKind.Timestamp:
                return a.Bits == b.Bits && a.Nanos == b.Nanos;
            case CelValueKind.Optional:
                return a.HasOptionalValue == b.HasOptionalValue
                    && (!a.HasOptionalValue || ValueEquals(a.OptionalValue, b.OptionalValue));
            case CelValueKind.Object:
                return a.ObjectValue.Equals(b.ObjectValue);
            default:
                return false;
        }
    }

    /// <summary>String equality without decoding JSON strings when one side is a CLR string.</summary>
    public static bool StringEquals(in CelValue a, in CelValue b)
    {
        if (a.TryGetClrString(out var sa))
        {
            return b.TryGetClrString(out var sb) ? string.Equals(sa, sb, StringComparison.Ordinal) : b.Json.ValueEquals(sa);
        }

        return b.TryGetClrString(out var sb2) ? a.Json.ValueEquals(sb2) : a.Json.ValueEquals(b.StringValue);
    }

    public static bool IsNumber(CelValueKind kind) =>
        kind is CelValueKind.Int or CelValueKind.Uint or CelValueKind.Double;

    /// <summary>
    /// Orders two values: -1, 0 or 1; <see cref="Unordered"/> when a NaN is involved; <see cref="NoOverload"/> when
    /// the types have no ordering (lists, maps, null, mixed non-numeric types).
    /// </summary>
    public static int Compare(in CelValue a, in CelValue b)
    {
        if (a.Kind != b.Kind)
        {
            return IsNumber(a.Kind) && IsNumber(b.Kind) ? CompareNumbers(a, b) : NoOverload;
        }

        switch (a.Kind)
        {
            case CelValueKind.Bool:
            case CelValueKind.Int:
            case CelValueKind.Duration:
                return a.Bits.CompareTo(b.Bits);
            case CelValueKind.Uint:
                return a.UintValue.CompareTo(b.UintValue);
            case CelValueKind.Double:
                return CompareNumbers(a, b);
            case CelValueKind.String:
                return Math.Sign(CompareCodePoints(a.StringValue, b.StringValue));
            case CelValueKind.Bytes:
                return Math.Sign(a.BytesValue.AsSpan().SequenceCompareTo(b.BytesValue));
            case CelValueKind.Timestamp:
                int c = a.Bits.CompareTo(b.Bits);
                return c != 0 ? c : a.Nanos.CompareTo(b.Nanos);
            default:
                return NoOverload;
        }
    }

    /// <summary>Compares strings by Unicode code point (UTF-16 code unit order differs for surrogates).</summary>
    public static int CompareCodePoints(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char x = a[i];
            char y = b[i];
            if (x != y)
            {
                return FixUp(x) < FixUp(y) ? -1 : 1;
            }
        }

        return a.Length.CompareTo(b.Length);

        static int FixUp(char c) => c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;
    }

    /// <summary>Compares numbers of any numeric kinds; int/uint against double compare as doubles, like cel-go.</summary>
    private static int CompareNumbers(in CelValue a, in CelValue b)
    {
        switch (a.Kind)
        {
            case CelValueKind.Int when b.Kind == CelValueKind.Int:
                return a.IntValue.CompareTo(b.IntValue);
            case CelValueKind.Int when b.Kind == CelValueKind.Uint:
                return a.IntValue < 0 ? -1 : ((ulong)a.IntValue).CompareTo(b.UintValue);
            case CelValueKind.Uint when b.Kind == CelValueKind.Int:
                return b.IntValue < 0 ? 1 : a.UintValue.CompareTo((ulong)b.IntValue);
            case CelValueKind.Uint when b.Kind == CelValueKind.Uint:
                return a.UintValue.CompareTo(b.UintValue);
            default:
                return CompareDoubles(ToDouble(a), ToDouble(b));
        }
    }

    private static int CompareDoubles(double x, double y)
    {
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return Unordered;
        }

        return x < y ? -1 : x > y ? 1 : 0;
    }

    private static double ToDouble(in CelValue v) => v.Kind switch
    {
        CelValueKind.Int => v.IntValue,
        CelValueKind.Uint => v.UintValue,
        _ => v.DoubleValue,
    };

    private static bool ListEquals(in CelValue a, in CelValue b)
    {
        int n = CelCollections.ListCount(a);
        if (n != CelCollections.ListCount(b))
        {
            return false;
        }

        for (int i = 0; i < n; i++)
        {
            if (!ValueEquals(CelCollections.ListGet(a, i), CelCollections.ListGet(b, i)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MapEquals(in CelValue a, in CelValue b)
    {
        if (CelCollections.MapCount(a) != CelCollections.MapCount(b))
        {
            return false;
        }

        foreach (var key in CelCollections.MapKeys(a))
        {
            if (!CelCollections.MapTryGet(a, key, out var va) || !CelCollections.MapTryGet(b, key, out var vb) || !ValueEquals(va, vb))
            {
                return false;
            }
        }

        return true;
    }
}
