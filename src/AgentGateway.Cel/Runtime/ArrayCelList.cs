namespace AgentGateway.Cel.Runtime;

/// <summary>A list backed by an array the engine owns and never mutates after construction.</summary>
internal sealed class ArrayCelList : CelList
{
    public static readonly ArrayCelList Empty = new([]);

    private readonly CelValue[] _items;

    public ArrayCelList(CelValue[] items) => _items = items;

    public override int Count => _items.Length;

    public override CelValue this[int index] => _items[index];
}
