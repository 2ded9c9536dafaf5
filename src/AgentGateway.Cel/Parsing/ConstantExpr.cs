namespace AgentGateway.Cel.Parsing;

/// <summary>A literal.</summary>
internal sealed class ConstantExpr : Expr
{
    public ConstantExpr(int offset, CelValue value)
        : base(offset, 1) => Value = value;

    public CelValue Value { get; }
}
