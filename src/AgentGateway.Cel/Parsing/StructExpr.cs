namespace AgentGateway.Cel.Parsing;

/// <summary>
/// A message construction <c>Type{field: value}</c>. It is parsed so the syntax is checked, but the engine has no
/// protobuf message types, so compiling it reports an error.
/// </summary>
internal sealed class StructExpr : Expr
{
    public StructExpr(int offset, string typeName, IReadOnlyList<string> fieldNames, IReadOnlyList<Expr> fieldValues)
        : base(offset, MaxDepth(fieldValues) + 1)
    {
        TypeName = typeName;
        FieldNames = fieldNames;
        FieldValues = fieldValues;
    }

    public string TypeName { get; }

    public IReadOnlyList<string> FieldNames { get; }

    public IReadOnlyList<Expr> FieldValues { get; }
}
