namespace AgentGateway.Cel.Runtime;

/// <summary>A CEL map held in memory (JSON objects are read in place instead, see <see cref="CelValue"/>).</summary>
/// <remarks>Keys are <c>int</c>, <c>uint</c>, <c>bool</c> or <c>string</c>; numeric keys compare by value (<c>1 == 1u</c>).</remarks>
internal abstract class CelMap
{
    public abstract int Count { get; }

    /// <summary>The key at a position in iteration order (0 ≤ index &lt; Count).</summary>
    public abstract CelValue KeyAt(int index);

    /// <summary>Looks up a key of any kind; keys of unsupported kinds are simply absent.</summary>
    public abstract bool TryGetValue(in CelValue key, out CelValue value);

    /// <summary>Looks up a string key (field selection).</summary>
    public abstract bool TryGetField(string name, out CelValue value);
}
