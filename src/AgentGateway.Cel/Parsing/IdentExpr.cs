namespace AgentGateway.Cel.Parsing;

/// <summary>An identifier; <see cref="IsRooted"/> when written with a leading dot (<c>.name</c>).</summary>
internal sealed class IdentExpr : Expr
{
    public IdentExpr(int offset, string name, bool isRooted = false)
        : base(offset, 1)
    {
        Name = name;
        IsRooted = isRooted;
    }

    public string Name { get; }

    public bool IsRooted { get; }
}
