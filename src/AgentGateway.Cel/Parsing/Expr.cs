namespace AgentGateway.Cel.Parsing;

/// <summary>A node of the parsed expression tree (macros are already expanded).</summary>
internal abstract class Expr
{
    protected Expr(int offset, int depth)
    {
        Offset = offset;
        Depth = depth;
    }

    /// <summary>The source offset used to report errors about this node.</summary>
    public int Offset { get; }

    /// <summary>The height of the subtree, bounded by the parser so compilation and evaluation cannot overflow the stack.</summary>
    public int Depth { get; }

    protected static int MaxDepth(IReadOnlyList<Expr> items)
    {
        int depth = 0;
        foreach (var item in items)
        {
            depth = Math.Max(depth, item.Depth);
        }

        return depth;
    }
}
