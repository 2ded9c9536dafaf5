namespace AgentGateway.Cel.Parsing;

/// <summary>The comprehension macros, expanded at parse time.</summary>
internal enum MacroKind
{
    /// <summary><c>r.all(x, p)</c> and <c>r.all(k, v, p)</c>.</summary>
    All,

    /// <summary><c>r.exists(x, p)</c> and <c>r.exists(k, v, p)</c>.</summary>
    Exists,

    /// <summary><c>r.exists_one(x, p)</c>, <c>r.existsOne(k, v, p)</c>.</summary>
    ExistsOne,

    /// <summary><c>r.map(x, t)</c> and <c>r.map(x, f, t)</c>.</summary>
    Map,

    /// <summary><c>r.filter(x, p)</c>.</summary>
    Filter,

    /// <summary><c>r.transformList(i, v, t)</c> and <c>r.transformList(i, v, f, t)</c>.</summary>
    TransformList,

    /// <summary><c>r.transformMap(k, v, t)</c> and <c>r.transformMap(k, v, f, t)</c>.</summary>
    TransformMap,

    /// <summary><c>opt.optMap(x, t)</c>.</summary>
    OptMap,

    /// <summary><c>opt.optFlatMap(x, t)</c>.</summary>
    OptFlatMap,

    /// <summary><c>cel.bind(x, init, body)</c>: <see cref="ComprehensionExpr.Range"/> is <c>init</c>.</summary>
    Bind,
}
