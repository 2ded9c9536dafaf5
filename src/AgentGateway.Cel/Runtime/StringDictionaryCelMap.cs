namespace AgentGateway.Cel.Runtime;

/// <summary>A map over a host <c>IReadOnlyDictionary&lt;string, string&gt;</c> (such as request headers), read in place.</summary>
internal sealed class StringDictionaryCelMap : CelMap
{
    private readonly IReadOnlyDictionary<string, string> _map;
    private string[]? _keys;

    public StringDictionaryCelMap(IReadOnlyDictionary<string, string> map) => _map = map;

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
            return TryGetField(key.StringValue, out value);
        }

        value = default;
        return false;
    }

    public override bool TryGetField(string name, out CelValue value)
    {
        if (_map.TryGetValue(name, out var s))
        {
            value = CelValue.FromString(s);
            return true;
        }

        value = default;
        return false;
    }
}
