namespace AgentGateway.Cel.Runtime;

/// <summary>A CEL list held in memory (JSON arrays are read in place instead, see <see cref="CelValue"/>).</summary>
internal abstract class CelList
{
    public abstract int Count { get; }

    public abstract CelValue this[int index] { get; }
}
