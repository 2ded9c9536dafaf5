using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel;

public readonly partial struct CelValue : IEquatable<CelValue>
{
    /// <summary>CEL equality (<c>==</c>): numbers compare by value across int, uint and double; other kinds must match.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>Whether the values are equal; errors are never equal to anything.</returns>
    public static bool operator ==(CelValue left, CelValue right) => left.Equals(right);

    /// <summary>The negation of <see cref="op_Equality"/>.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>Whether the values differ.</returns>
    public static bool operator !=(CelValue left, CelValue right) => !left.Equals(right);

    /// <summary>CEL equality (<c>==</c>); errors are never equal to anything, and NaN is not equal to itself.</summary>
    /// <param name="other">The other value.</param>
    /// <returns>Whether the values are equal.</returns>
    public bool Equals(CelValue other) => !IsError && !other.IsError && CelOps.ValueEquals(this, other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CelValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        switch (_kind)
        {
            case CelValueKind.Int:
                return _bits.GetHashCode();
            case CelValueKind.Uint:
                return UintValue <= long.MaxValue ? _bits.GetHashCode() : UintValue.GetHashCode();
            case CelValueKind.Double:
                double d = DoubleValue;
                if (Math.Truncate(d) == d && d >= -9.2233720368547758E18 && d < 9.2233720368547758E18)
                {
                    return ((long)d).GetHashCode();
                }

                return d >= 0 && d < 1.8446744073709552E19 && Math.Truncate(d) == d ? ((ulong)d).GetHashCode() : d.GetHashCode();
            case CelValueKind.String:
                return StringComparer.Ordinal.GetHashCode(StringValue);
            case CelValueKind.Bool:
            case CelValueKind.Duration:
                return HashCode.Combine(_kind, _bits);
            case CelValueKind.Timestamp:
                return HashCode.Combine(_bits, _nanos);
            case CelValueKind.Type:
                return StringComparer.Ordinal.GetHashCode(TypeValue.Name);
            default:
                return (int)_kind;
        }
    }
}
