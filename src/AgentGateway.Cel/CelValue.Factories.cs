using System.Collections;
using System.Text.Json;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel;

public readonly partial struct CelValue
{
    /// <summary>CEL <c>null</c>.</summary>
    public static CelValue Null => default;

    /// <summary>CEL <c>true</c>.</summary>
    public static CelValue True => new(CelValueKind.Bool, null, 1);

    /// <summary>CEL <c>false</c>.</summary>
    public static CelValue False => new(CelValueKind.Bool, null, 0);

    /// <summary>Creates a <c>bool</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The CEL value.</returns>
    public static CelValue FromBool(bool value) => new(CelValueKind.Bool, null, value ? 1 : 0);

    /// <summary>Creates an <c>int</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The CEL value.</returns>
    public static CelValue FromInt64(long value) => new(CelValueKind.Int, null, value);

    /// <summary>Creates a <c>uint</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The CEL value.</returns>
    public static CelValue FromUInt64(ulong value) => new(CelValueKind.Uint, null, unchecked((long)value));

    /// <summary>Creates a <c>double</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The CEL value.</returns>
    public static CelValue FromDouble(double value) => new(CelValueKind.Double, null, BitConverter.DoubleToInt64Bits(value));

    /// <summary>Creates a <c>string</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The CEL value.</returns>
    public static CelValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(CelValueKind.String, value);
    }

    /// <summary>Creates a <c>bytes</c> value from a copy of <paramref name="value"/>.</summary>
    /// <param name="value">The bytes.</param>
    /// <returns>The CEL value.</returns>
    public static CelValue FromBytes(ReadOnlySpan<byte> value) => new(CelValueKind.Bytes, value.ToArray());

    /// <summary>Wraps a JSON element without copying it: objects become maps, arrays lists.</summary>
    /// <param name="element">The element. Its <see cref="JsonDocument"/> must stay alive while the value is used.</param>
    /// <returns>The CEL value. Numbers become <c>int</c> when integral and in range, otherwise <c>double</c>.</returns>
    public static CelValue FromJson(JsonElement element) => JsonValues.ToCel(element);

    /// <summary>Wraps a host object whose fields expressions can select.</summary>
    /// <param name="value">The object.</param>
    /// <returns>The CEL value.</returns>
    public static CelValue FromObject(ICelObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(CelValueKind.Object, value);
    }

    /// <summary>Wraps a list of values without copying it.</summary>
    /// <param name="items">The items; must not change while the value is used.</param>
    /// <returns>The CEL value.</returns>
    public static CelValue FromList(IReadOnlyList<CelValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items is CelValue[] array ? ForList(new ArrayCelList(array)) : ForList(new ReadOnlyListCelList(items));
    }

    /// <summary>Wraps a string-keyed map of values without copying it.</summary>
    /// <param name="map">The map; its comparer decides key matching (for example case-insensitive headers).</param>
    /// <returns>The CEL value.</returns>
    public static CelValue FromMap(IReadOnlyDictionary<string, CelValue> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return ForMap(new ValueDictionaryCelMap(map));
    }

    /// <summary>Wraps a string-to-string map (such as request headers) without copying it.</summary>
    /// <param name="map">The map; its comparer decides key matching (for example case-insensitive headers).</param>
    /// <returns>The CEL value.</returns>
    public static CelValue FromMap(IReadOnlyDictionary<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return ForMap(new StringDictionaryCelMap(map));
    }

    /// <summary>Creates a <c>google.protobuf.Timestamp</c>.</summary>
    /// <param name="value">The instant (its offset is ignored; timestamps are instants).</param>
    /// <returns>The CEL value.</returns>
    public static CelValue FromTimestamp(DateTimeOffset value)
    {
        long ticks = value.UtcTicks - DateTime.UnixEpoch.Ticks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rem);
        if (rem < 0)
        {
            seconds--;
            rem += TimeSpan.TicksPerSecond;
        }

        return ForTimestamp(seconds, (int)(rem * 100));
    }

    /// <summary>Creates a <c>google.protobuf.Duration</c> (CEL durations are 64-bit nanosecond counts).</summary>
    /// <param name="value">The span.</param>
    /// <returns>The CEL value.</returns>
    /// <exception cref="OverflowException">The span is longer than about 292 years.</exception>
    public static CelValue FromDuration(TimeSpan value) => ForDuration(checked(value.Ticks * 100));

    /// <summary>Creates an error value, for host functions that fail.</summary>
    /// <param name="message">The error message.</param>
    /// <returns>The CEL value.</returns>
    public static CelValue FromError(string message) => ForError(new CelError(message));

    /// <summary>
    /// Converts a plain CLR value: <see langword="null"/>, <see cref="bool"/>, integer types (signed become <c>int</c>,
    /// unsigned <c>uint</c>), <see cref="float"/>/<see cref="double"/>/<see cref="decimal"/>, <see cref="string"/>,
    /// <see cref="byte"/>[], <see cref="JsonElement"/>, <see cref="JsonDocument"/>, <see cref="ICelObject"/>,
    /// <see cref="DateTimeOffset"/>, <see cref="DateTime"/>, <see cref="TimeSpan"/>, <see cref="CelValue"/>,
    /// dictionaries (copied into a CEL map) and other enumerables (copied into a CEL list).
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The CEL value.</returns>
    /// <exception cref="ArgumentException">The type has no CEL equivalent.</exception>
    public static CelValue FromClr(object? value)
    {
        switch (value)
        {
            case null:
                return Null;
            case CelValue v:
                return v;
            case bool b:
                return FromBool(b);
            case long l:
                return FromInt64(l);
            case int i:
                return FromInt64(i);
            case short s:
                return FromInt64(s);
            case sbyte sb:
                return FromInt64(sb);
            case ulong ul:
                return FromUInt64(ul);
            case uint ui:
                return FromUInt64(ui);
            case ushort us:
                return FromUInt64(us);
            case byte by:
                return FromUInt64(by);
            case double d:
                return FromDouble(d);
            case float f:
                return FromDouble(f);
            case decimal m:
                return FromDouble((double)m);
            case string str:
                return FromString(str);
            case byte[] bytes:
                return FromBytes(bytes);
            case JsonElement json:
                return FromJson(json);
            case JsonDocument doc:
                return FromJson(doc.RootElement);
            case ICelObject obj:
                return FromObject(obj);
            case DateTimeOffset dto:
                return FromTimestamp(dto);
            case DateTime dt:
                return FromTimestamp(new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime()));
            case TimeSpan ts:
                return FromDuration(ts);
            case IReadOnlyDictionary<string, string> stringMap:
                return FromMap(stringMap);
            case IReadOnlyDictionary<string, CelValue> valueMap:
                return FromMap(valueMap);
            case IReadOnlyList<CelValue> valueList:
                return FromList(valueList);
            case IDictionary dictionary:
                {
                    var keys = new CelValue[dictionary.Count];
                    var values = new CelValue[dictionary.Count];
                    int i = 0;
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        keys[i] = FromClr(entry.Key);
                        values[i] = FromClr(entry.Value);
                        i++;
                    }

                    var map = HashCelMap.Create(keys, values);
                    return map.IsError ? throw new ArgumentException(map.ErrorMessage, nameof(value)) : map;
                }

            case IEnumerable enumerable:
                {
                    var items = new List<CelValue>();
                    foreach (var item in enumerable)
                    {
                        items.Add(FromClr(item));
                    }

                    return ForList(new ArrayCelList([.. items]));
                }

            default:
                throw new ArgumentException($"Type '{value.GetType()}' has no CEL equivalent.", nameof(value));
        }
    }

    /// <summary>Returns the <c>bool</c> value.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not a <c>bool</c>.</exception>
    public bool AsBool() => _kind == CelValueKind.Bool ? _bits != 0 : throw WrongKind(CelValueKind.Bool);

    /// <summary>Returns the <c>int</c> value.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not an <c>int</c>.</exception>
    public long AsInt64() => _kind == CelValueKind.Int ? _bits : throw WrongKind(CelValueKind.Int);

    /// <summary>Returns the <c>uint</c> value.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not a <c>uint</c>.</exception>
    public ulong AsUInt64() => _kind == CelValueKind.Uint ? UintValue : throw WrongKind(CelValueKind.Uint);

    /// <summary>Returns the <c>double</c> value.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not a <c>double</c>.</exception>
    public double AsDouble() => _kind == CelValueKind.Double ? DoubleValue : throw WrongKind(CelValueKind.Double);

    /// <summary>Returns the <c>string</c> value (a JSON string is decoded, which allocates).</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not a <c>string</c>.</exception>
    public string AsString() => _kind == CelValueKind.String ? StringValue : throw WrongKind(CelValueKind.String);

    /// <summary>Returns the <c>bytes</c> value.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not <c>bytes</c>.</exception>
    public ReadOnlyMemory<byte> AsBytes() => _kind == CelValueKind.Bytes ? BytesValue : throw WrongKind(CelValueKind.Bytes);

    /// <summary>Returns the timestamp value, truncated to the 100 ns precision of <see cref="DateTimeOffset"/>.</summary>
    /// <returns>The value, in UTC.</returns>
    /// <exception cref="InvalidOperationException">The value is not a timestamp.</exception>
    public DateTimeOffset AsTimestamp() => _kind == CelValueKind.Timestamp
        ? new DateTimeOffset(DateTime.UnixEpoch.Ticks + (_bits * TimeSpan.TicksPerSecond) + (_nanos / 100), TimeSpan.Zero)
        : throw WrongKind(CelValueKind.Timestamp);

    /// <summary>Returns the duration value, truncated to the 100 ns precision of <see cref="TimeSpan"/>.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not a duration.</exception>
    public TimeSpan AsDuration() => _kind == CelValueKind.Duration ? TimeSpan.FromTicks(_bits / 100) : throw WrongKind(CelValueKind.Duration);

    /// <summary>A readable CEL-like rendering of the value, such as <c>[1, "a", {"k": true}]</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => CelFormatter.Format(this);

    private InvalidOperationException WrongKind(CelValueKind expected) =>
        new($"The CEL value is {_kind}, not {expected}.");
}
