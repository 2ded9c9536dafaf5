namespace AgentGateway.Cel.Parsing;

/// <summary>Indexing <c>a[i]</c> or optional indexing <c>a[?i]</c>.</summary>
internal sealed class IndexExpr : Expr
{
    public IndexExpr(int offset, Expr operand, Expr index, bool isOptional)
        : base(offset, Math.Max(operand.Depth, index.Depth) + 1)
    {
        Operand = operand;
        Index = index;
        IsOptional = isOptional;
    }

    public Expr Operand { get; }

    public Expr Index { get; }

    public bool IsOptional { get; }
}
