using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>
/// <c>a.or(b)</c> (<c>b</c> is an optional) and <c>a.orValue(b)</c> (<c>b</c> is a plain value): <c>b</c> is only
/// evaluated when <c>a</c> is empty.
/// </summary>
internal sealed class OptionalOrNode : CelNode
{
    private readonly CelNode _optional;
    private readonly CelNode _alternative;
    private readonly bool _unwrap;

    public OptionalOrNode(CelNode optional, CelNode alternative, bool unwrap)
    {
        _optional = optional;
        _alternative = alternative;
        _unwrap = unwrap;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        var optional = _optional.Eval(frame);
        if (optional.Kind != CelValueKind.Optional)
        {
            return optional.IsError ? optional : CelErrors.NoSuchOverload(_unwrap ? "orValue" : "or", optional);
        }

        if (optional.HasOptionalValue)
        {
            return _unwrap ? optional.OptionalValue : optional;
        }

        var alternative = _alternative.Eval(frame);
        if (!_unwrap && !alternative.IsError && alternative.Kind != CelValueKind.Optional)
        {
            return CelErrors.NoSuchOverload("or", alternative);
        }

        return alternative;
    }
}
