namespace AgentGateway.Cel.Parsing;

/// <summary>Field selection <c>a.f</c>, optional selection <c>a.?f</c>, or the presence test of <c>has(a.f)</c>.</summary>
internal sealed class SelectExpr : Expr
{
    public SelectExpr(int offset, Expr operand, string field, bool isOptional = false, bool isTestOnly = false)
        : base(offset, operand.Depth + 1)
    {
        Operand = operand;
        Field = field;
        IsOptional = isOptional;
        IsTestOnly = isTestOnly;
    }

    public Expr Operand { get; }

    public string Field { get; }

    public bool IsOptional { get; }

    public bool IsTestOnly { get; }
}
