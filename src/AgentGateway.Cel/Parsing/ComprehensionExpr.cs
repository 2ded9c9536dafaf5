namespace AgentGateway.Cel.Parsing;

/// <summary>An expanded macro that iterates over <see cref="Range"/> (or binds it, for <c>cel.bind</c>).</summary>
internal sealed class ComprehensionExpr : Expr
{
    public ComprehensionExpr(int offset, MacroKind kind, Expr range, string iterVar, string? iterVar2, Expr? filter, Expr step)
        : base(offset, Math.Max(range.Depth, Math.Max(filter?.Depth ?? 0, step.Depth)) + 1)
    {
        Kind = kind;
        Range = range;
        IterVar = iterVar;
        IterVar2 = iterVar2;
        Filter = filter;
        Step = step;
    }

    public MacroKind Kind { get; }

    public Expr Range { get; }

    /// <summary>The element (or, with two variables, the index or key) variable.</summary>
    public string IterVar { get; }

    /// <summary>The value variable of two-variable comprehensions, otherwise <see langword="null"/>.</summary>
    public string? IterVar2 { get; }

    /// <summary>The filter of <c>map(x, f, t)</c> and the transform macros, otherwise <see langword="null"/>.</summary>
    public Expr? Filter { get; }

    /// <summary>The predicate or transform evaluated per element.</summary>
    public Expr Step { get; }
}
