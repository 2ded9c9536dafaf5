namespace AgentGateway.Cel.Parsing;

/// <summary>
/// A function call, global (<c>f(x)</c>) or receiver-style (<c>x.f(y)</c>). Operators are calls too, named as in the
/// CEL specification: <c>_+_</c>, <c>_&amp;&amp;_</c>, <c>!_</c>, <c>-_</c>, <c>@in</c>, <c>_?_:_</c>.
/// </summary>
internal sealed class CallExpr : Expr
{
    public CallExpr(int offset, Expr? target, string function, IReadOnlyList<Expr> args)
        : base(offset, Math.Max(target?.Depth ?? 0, MaxDepth(args)) + 1)
    {
        Target = target;
        Function = function;
        Args = args;
    }

    public Expr? Target { get; }

    public string Function { get; }

    public IReadOnlyList<Expr> Args { get; }
}
