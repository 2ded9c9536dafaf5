using System.Runtime.InteropServices;
using System.Text.Json;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel;

/// <summary>
/// A CEL value: one of the kinds in <see cref="CelValueKind"/>, held without boxing for scalars.
/// </summary>
/// <remarks>
/// <para>
/// A value is a small struct. Scalars (<c>bool</c>, <c>int</c>, <c>uint</c>, <c>double</c>, timestamps and
/// durations) live inline. JSON data read with <see cref="FromJson(JsonElement)"/> stays a
/// <see cref="JsonElement"/>: objects are maps, arrays are lists and strings are compared in place, so claims are
/// never copied into dictionaries.
/// </para>
/// <para>
/// <c>default(CelValue)</c> is CEL <c>null</c>. Errors are values too (<see cref="IsError"/>), because CEL lets
/// <c>||</c> and <c>&amp;&amp;</c> absorb them.
/// </para>
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly partial struct CelValue
{
    // One slot per representation; which ones are used depends on _kind:
    //   Bool/Int/Uint/Double: _bits.   Timestamp: _bits = Unix seconds, _nanos = 0..999_999_999.   Duration: _bits = nanoseconds.
    //   String: _ref is string, or _ref is null and _json is a JSON string.   Bytes: _ref is byte[] (never mutated).
    //   List: _ref is CelList, or _json is a JSON array.   Map: _ref is CelMap, or _json is a JSON object.
    //   Type: CelType.  Optional: null (none) or OptionalBox.  Object: ICelObject.  Error: CelError.
    private readonly object? _ref;
    private readonly long _bits;
    private readonly JsonElement _json;
    private readonly int _nanos;
    private readonly CelValueKind _kind;

    internal CelValue(CelValueKind kind, object? reference, long bits = 0, int nanos = 0)
    {
        _kind = kind;
        _ref = reference;
        _bits = bits;
        _nanos = nanos;
        _json = default;
    }

    private CelValue(CelValueKind kind, JsonElement json)
    {
        _kind = kind;
        _ref = null;
        _bits = 0;
        _nanos = 0;
        _json = json;
    }

    /// <summary>The CEL type of this value.</summary>
    public CelValueKind Kind => _kind;

    /// <summary>Whether this value is an evaluation error.</summary>
    public bool IsError => _kind == CelValueKind.Error;

    /// <summary>Whether this value is the boolean <c>true</c>.</summary>
    public bool IsTrue => _kind == CelValueKind.Bool && _bits != 0;

    /// <summary>The error message when <see cref="IsError"/>; otherwise <see langword="null"/>.</summary>
    public string? ErrorMessage => (_ref as CelError)?.Message;

    internal object? Reference => _ref;

    internal long Bits => _bits;

    internal int Nanos => _nanos;

    internal JsonElement Json => _json;

    /// <summary>Whether the value is a string, list or map read in place from JSON.</summary>
    internal bool IsJson => _ref is null && _json.ValueKind != JsonValueKind.Undefined;

    internal CelError? Error => _ref as CelError;

    internal static CelValue ForJsonString(JsonElement json) => new(CelValueKind.String, json);

    internal static CelValue ForJsonList(JsonElement json) => new(CelValueKind.List, json);

    internal static CelValue ForJsonMap(JsonElement json) => new(CelValueKind.Map, json);

    internal static CelValue ForList(CelList list) => new(CelValueKind.List, list);

    internal static CelValue ForMap(CelMap map) => new(CelValueKind.Map, map);

    internal static CelValue ForType(CelType type) => new(CelValueKind.Type, type);

    internal static CelValue ForTimestamp(long seconds, int nanos) => new(CelValueKind.Timestamp, null, seconds, nanos);

    internal static CelValue ForDuration(long nanoseconds) => new(CelValueKind.Duration, null, nanoseconds);

    internal static CelValue ForError(CelError error) => new(CelValueKind.Error, error);

    internal static CelValue OptionalNone => new(CelValueKind.Optional, null);

    internal static CelValue OptionalOf(CelValue value) => new(CelValueKind.Optional, new OptionalBox(value));

    internal static CelValue ForOpaque(ICelObject value) => new(CelValueKind.Object, value);

    /// <summary>The boolean value; only meaningful when <see cref="Kind"/> is <see cref="CelValueKind.Bool"/>.</summary>
    internal bool BoolValue => _bits != 0;

    internal long IntValue => _bits;

    internal ulong UintValue => unchecked((ulong)_bits);

    internal double DoubleValue => BitConverter.Int64BitsToDouble(_bits);

    internal byte[] BytesValue => (byte[])_ref!;

    internal CelType TypeValue => (CelType)_ref!;

    internal CelList? ListRef => _ref as CelList;

    internal CelMap? MapRef => _ref as CelMap;

    internal ICelObject ObjectValue => (ICelObject)_ref!;

    /// <summary>For an optional value: whether it holds a value.</summary>
    internal bool HasOptionalValue => _ref is OptionalBox;

    /// <summary>For an optional value that holds a value: the value.</summary>
    internal CelValue OptionalValue => ((OptionalBox)_ref!).Value;

    /// <summary>The string value, materialized from JSON when needed (which allocates).</summary>
    internal string StringValue => _ref as string ?? _json.GetString()!;

    /// <summary>Whether this string is held as a CLR string (no JSON materialization needed).</summary>
    internal bool TryGetClrString(out string value)
    {
        if (_ref is string s)
        {
            value = s;
            return true;
        }

        value = string.Empty;
        return false;
    }
}
