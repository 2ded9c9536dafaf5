namespace AgentGateway.Cel.Runtime;

/// <summary>Arithmetic: overflow, division by zero and mixed-type operands are errors, never silent.</summary>
internal static partial class CelOps
{
    public static CelValue Add(in CelValue a, in CelValue b)
    {
        switch (a.Kind)
        {
            case CelValueKind.Int when b.Kind == CelValueKind.Int:
                {
                    long x = a.IntValue, y = b.IntValue, r = unchecked(x + y);
                    return ((x ^ r) & (y ^ r)) < 0 ? CelErrors.IntOverflow() : CelValue.FromInt64(r);
                }

            case CelValueKind.Uint when b.Kind == CelValueKind.Uint:
                {
                    ulong r = unchecked(a.UintValue + b.UintValue);
                    return r < a.UintValue ? CelErrors.UintOverflow() : CelValue.FromUInt64(r);
                }

            case CelValueKind.Double when b.Kind == CelValueKind.Double:
                return CelValue.FromDouble(a.DoubleValue + b.DoubleValue);
            case CelValueKind.String when b.Kind == CelValueKind.String:
                return CelValue.FromString(string.Concat(a.StringValue, b.StringValue));
            case CelValueKind.Bytes when b.Kind == CelValueKind.Bytes:
                return new CelValue(CelValueKind.Bytes, (byte[])[.. a.BytesValue, .. b.BytesValue]);
            case CelValueKind.List when b.Kind == CelValueKind.List:
                {
                    if (CelCollections.ListCount(b) == 0)
                    {
                        return a;
                    }

                    if (CelCollections.ListCount(a) == 0)
                    {
                        return b;
                    }

                    return CelValue.ForList(new ArrayCelList([.. CelCollections.ListItems(a), .. CelCollections.ListItems(b)]));
                }

            case CelValueKind.Timestamp when b.Kind == CelValueKind.Duration:
                return CelTime.AddDuration(a, b.Bits);
            case CelValueKind.Duration when b.Kind == CelValueKind.Timestamp:
                return CelTime.AddDuration(b, a.Bits);
            case CelValueKind.Duration when b.Kind == CelValueKind.Duration:
                {
                    long x = a.Bits, y = b.Bits, r = unchecked(x + y);
                    return ((x ^ r) & (y ^ r)) < 0 ? CelErrors.Range("duration out of range") : CelValue.ForDuration(r);
                }

            default:
                return CelErrors.NoSuchOverload("_+_", a, b);
        }
    }

    public static CelValue Subtract(in CelValue a, in CelValue b)
    {
        switch (a.Kind)
        {
            case CelValueKind.Int when b.Kind == CelValueKind.Int:
                {
                    long x = a.IntValue, y = b.IntValue, r = unchecked(x - y);
                    return ((x ^ y) & (x ^ r)) < 0 ? CelErrors.IntOverflow() : CelValue.FromInt64(r);
                }

            case CelValueKind.Uint when b.Kind == CelValueKind.Uint:
                return b.UintValue > a.UintValue ? CelErrors.UintOverflow() : CelValue.FromUInt64(a.UintValue - b.UintValue);
            case CelValueKind.Double when b.Kind == CelValueKind.Double:
                return CelValue.FromDouble(a.DoubleValue - b.DoubleValue);
            case CelValueKind.Timestamp when b.Kind == CelValueKind.Timestamp:
                return CelTime.Subtract(a, b);
            case CelValueKind.Timestamp when b.Kind == CelValueKind.Duration:
                return b.Bits == long.MinValue ? CelErrors.Range("timestamp out of range") : CelTime.AddDuration(a, -b.Bits);
            case CelValueKind.Duration when b.Kind == CelValueKind.Duration:
                {
                    long x = a.Bits, y = b.Bits, r = unchecked(x - y);
                    return ((x ^ y) & (x ^ r)) < 0 ? CelErrors.Range("duration out of range") : CelValue.ForDuration(r);
                }

            default:
                return CelErrors.NoSuchOverload("_-_", a, b);
        }
    }

    public static CelValue Multiply(in CelValue a, in CelValue b)
    {
        switch (a.Kind)
        {
            case CelValueKind.Int when b.Kind == CelValueKind.Int:
                {
                    long high = Math.BigMul(a.IntValue, b.IntValue, out long low);
                    return high != (low >> 63) ? CelErrors.IntOverflow() : CelValue.FromInt64(low);
                }

            case CelValueKind.Uint when b.Kind == CelValueKind.Uint:
                {
                    ulong high = Math.BigMul(a.UintValue, b.UintValue, out ulong low);
                    return high != 0 ? CelErrors.UintOverflow() : CelValue.FromUInt64(low);
                }

            case CelValueKind.Double when b.Kind == CelValueKind.Double:
                return CelValue.FromDouble(a.DoubleValue * b.DoubleValue);
            default:
                return CelErrors.NoSuchOverload("_*_", a, b);
        }
    }

    public static CelValue Divide(in CelValue a, in CelValue b)
    {
        switch (a.Kind)
        {
            case CelValueKind.Int when b.Kind == CelValueKind.Int:
                if (b.IntValue == 0)
                {
                    return CelErrors.DivideByZero();
                }

                if (b.IntValue == -1 && a.IntValue == long.MinValue)
                {
                    return CelErrors.IntOverflow();
                }

                return CelValue.FromInt64(a.IntValue / b.IntValue);
            case CelValueKind.Uint when b.Kind == CelValueKind.Uint:
                return b.UintValue == 0 ? CelErrors.DivideByZero() : CelValue.FromUInt64(a.UintValue / b.UintValue);
            case CelValueKind.Double when b.Kind == CelValueKind.Double:
                return CelValue.FromDouble(a.DoubleValue / b.DoubleValue);
            default:
                return CelErrors.NoSuchOverload("_/_", a, b);
        }
    }

    public static CelValue Modulo(in CelValue a, in CelValue b)
    {
        switch (a.Kind)
        {
            case CelValueKind.Int when b.Kind == CelValueKind.Int:
                if (b.IntValue == 0)
                {
                    return CelErrors.ModulusByZero();
                }

                if (b.IntValue == -1 && a.IntValue == long.MinValue)
                {
                    return CelErrors.IntOverflow();
                }

                return CelValue.FromInt64(a.IntValue % b.IntValue);
            case CelValueKind.Uint when b.Kind == CelValueKind.Uint:
                return b.UintValue == 0 ? CelErrors.ModulusByZero() : CelValue.FromUInt64(a.UintValue % b.UintValue);
            default:
                return CelErrors.Of($"found no matching overload for '_%_' applied to '({CelErrors.TypeName(a)}, {CelErrors.TypeName(b)})'");
        }
    }

    public static CelValue Negate(in CelValue a)
    {
        switch (a.Kind)
        {
            case CelValueKind.Int:
                return a.IntValue == long.MinValue ? CelErrors.IntOverflow() : CelValue.FromInt64(-a.IntValue);
            case CelValueKind.Double:
                return CelValue.FromDouble(-a.DoubleValue);
            case CelValueKind.Duration:
                return a.Bits == long.MinValue ? CelErrors.Range("duration out of range") : CelValue.ForDuration(-a.Bits);
            default:
                return CelErrors.NoSuchOverload("-_", a);
        }
    }

    public static CelValue Not(in CelValue a) =>
        a.Kind == CelValueKind.Bool ? CelValue.FromBool(!a.BoolValue) : CelErrors.NoSuchOverload("!_", a);
}
