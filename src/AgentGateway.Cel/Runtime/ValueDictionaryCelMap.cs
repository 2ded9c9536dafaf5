namespace AgentGateway.Cel.Runtime;

/// <summary>A map over a host <c>IReadOnlyDictionary&lt;string, CelValue&gt;</c>, read in place.</summary>
internal sealed class ValueDictionaryCelMap : CelMap
{
    private readonly IReadOnlyDictionary<string, CelValue> _map;
    private string[]? _keys;

    public ValueDictionaryCelMap(IReadOnlyDictionary<string, CelValue> map) => _map = map;

    public override int Count => _map.Count;

    public override CelValue KeyAt(int index)
    {
        _keys ??= [.. _map.Keys];
        return CelValue.FromString(_keys[index]);
    }

    public override bool TryGetValue(in CelValue key, out CelValue value)
    {
        if (key.Kind == CelValueKind.String)
        {
            return _map.TryGetValue(key.StringValue, out value);
        }

        value = default;
        return false;
    }

    public override bool TryGetField(string name, out CelValue value) => _map.TryGetValue(name, out value);
}
