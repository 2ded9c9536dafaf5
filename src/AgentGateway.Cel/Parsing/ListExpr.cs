namespace AgentGateway.Cel.Parsing;

/// <summary>A list literal; elements written <c>?e</c> are optional and only added when they hold a value.</summary>
internal sealed class ListExpr : Expr
{
    public ListExpr(int offset, IReadOnlyList<Expr> elements, IReadOnlyList<bool> optionalElements)
        : base(offset, MaxDepth(elements) + 1)
    {
        Elements = elements;
        OptionalElements = optionalElements;
    }

    public IReadOnlyList<Expr> Elements { get; }

    public IReadOnlyList<bool> OptionalElements { get; }
}
