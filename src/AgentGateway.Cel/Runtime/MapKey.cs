namespace AgentGateway.Cel.Runtime;

/// <summary>
/// A normalized map key: numeric keys with the same value are the same key (<c>1</c>, <c>1u</c>, and for lookups
/// <c>1.0</c>), as CEL's heterogeneous equality requires.
/// </summary>
internal readonly struct MapKey : IEquatable<MapKey>
{
    private const byte BoolTag = 1;
    private const byte IntTag = 2;
    private const byte UintTag = 3;
    private const byte StringTag = 4;

    private readonly string? _string;
    private readonly long _bits;
    private readonly byte _tag;

    private MapKey(byte tag, long bits, string? s)
    {
        _tag = tag;
        _bits = bits;
        _string = s;
    }

    public static MapKey ForString(string s) => new(StringTag, 0, s);

    /// <summary>Builds the key for a map literal entry; only int, uint, bool and string are valid key types.</summary>
    public static bool TryCreateForInsert(in CelValue value, out MapKey key)
    {
        switch (value.Kind)
        {
            case CelValueKind.Bool:
            case CelValueKind.Int:
            case CelValueKind.Uint:
            case CelValueKind.String:
                return TryCreateForLookup(value, out key);
            default:
                key = default;
                return false;
        }
    }

    /// <summary>Builds the key for a lookup; integral doubles find int and uint keys.</summary>
    public static bool TryCreateForLookup(in CelValue value, out MapKey key)
    {
        switch (value.Kind)
        {
            case CelValueKind.Bool:
                key = new MapKey(BoolTag, value.Bits, null);
                return true;
            case CelValueKind.Int:
                key = new MapKey(IntTag, value.IntValue, null);
                return true;
            case CelValueKind.Uint:
                key = value.UintValue <= long.MaxValue
                    ? new MapKey(IntTag, value.IntValue, null)
                    : new MapKey(UintTag, value.Bits, null);
                return true;
            case CelValueKind.String:
                key = new MapKey(StringTag, 0, value.StringValue);
                return true;
            case CelValueKind.Double:
                double d = value.DoubleValue;
                if (Math.Truncate(d) == d)
                {
                    if (d >= -9.2233720368547758E18 && d < 9.2233720368547758E18)
                    {
                        key = new MapKey(IntTag, (long)d, null);
                        return true;
                    }

                    if (d >= 0 && d < 1.8446744073709552E19)
                    {
                        key = new MapKey(UintTag, unchecked((long)(ulong)d), null);
                        return true;
                    }
                }

                key = default;
                return false;
            default:
                key = default;
                return false;
        }
    }

    public bool Equals(MapKey other) =>
        _tag == other._tag && _bits == other._bits && string.Equals(_string, other._string, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is MapKey other && Equals(other);

    public override int GetHashCode() =>
        _tag == StringTag ? StringComparer.Ordinal.GetHashCode(_string!) : HashCode.Combine(_tag, _bits);
}
