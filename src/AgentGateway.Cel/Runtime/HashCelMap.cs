namespace AgentGateway.Cel.Runtime;

/// <summary>A map built by the engine (map literals, conversions), keeping insertion order for iteration.</summary>
internal sealed class HashCelMap : CelMap
{
    public static readonly HashCelMap Empty = new([], [], new Dictionary<MapKey, int>());

    private readonly CelValue[] _keys;
    private readonly CelValue[] _values;
    private readonly Dictionary<MapKey, int> _index;

    private HashCelMap(CelValue[] keys, CelValue[] values, Dictionary<MapKey, int> index)
    {
        _keys = keys;
        _values = values;
        _index = index;
    }

    public override int Count => _keys.Length;

    /// <summary>Builds a map; fails on an unsupported key type or a repeated key.</summary>
    public static CelValue Create(CelValue[] keys, CelValue[] values)
    {
        var index = new Dictionary<MapKey, int>(keys.Length);
        for (int i = 0; i < keys.Length; i++)
        {
            if (!MapKey.TryCreateForInsert(keys[i], out var key))
            {
                return CelErrors.UnsupportedKeyType(keys[i]);
            }

            if (!index.TryAdd(key, i))
            {
                return CelErrors.RepeatedKey(keys[i]);
            }
        }

        return CelValue.ForMap(new HashCelMap(keys, values, index));
    }

    public override CelValue KeyAt(int index) => _keys[index];

    public override bool TryGetValue(in CelValue key, out CelValue value)
    {
        if (MapKey.TryCreateForLookup(key, out var k) && _index.TryGetValue(k, out int i))
        {
            value = _values[i];
            return true;
        }

        value = default;
        return false;
    }

    public override bool TryGetField(string name, out CelValue value)
    {
        if (_index.TryGetValue(MapKey.ForString(name), out int i))
        {
            value = _values[i];
            return true;
        }

        value = default;
        return false;
    }
}
