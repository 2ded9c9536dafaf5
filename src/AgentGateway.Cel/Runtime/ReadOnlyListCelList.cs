namespace AgentGateway.Cel.Runtime;

/// <summary>A list over a host-provided <see cref="IReadOnlyList{T}"/>, read without copying.</summary>
internal sealed class ReadOnlyListCelList : CelList
{
    private readonly IReadOnlyList<CelValue> _items;

    public ReadOnlyListCelList(IReadOnlyList<CelValue> items) => _items = items;

    public override int Count => _items.Count;

    public override CelValue this[int index] => _items[index];
}
