namespace AgentGateway.Cel.Parsing;

/// <summary>A map literal.</summary>
internal sealed class MapExpr : Expr
{
    public MapExpr(int offset, IReadOnlyList<MapEntryExpr> entries)
        : base(offset, ComputeDepth(entries))
    {
        Entries = entries;
    }

    public IReadOnlyList<MapEntryExpr> Entries { get; }

    private static int ComputeDepth(IReadOnlyList<MapEntryExpr> entries)
    {
        int depth = 0;
        foreach (var entry in entries)
        {
            depth = Math.Max(depth, Math.Max(entry.Key.Depth, entry.Value.Depth));
        }

        return depth + 1;
    }
}
