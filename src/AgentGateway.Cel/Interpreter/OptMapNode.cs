using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>
/// <c>opt.optMap(x, t)</c> (result wrapped in an optional) and <c>opt.optFlatMap(x, t)</c> (<c>t</c> yields an optional):
/// an empty optional stays empty without evaluating <c>t</c>.
/// </summary>
internal sealed class OptMapNode : CelNode
{
    private readonly CelNode _optional;
    private readonly int _slot;
    private readonly CelNode _transform;
    private readonly bool _flat;

    public OptMapNode(CelNode optional, int slot, CelNode transform, bool flat)
    {
        _optional = optional;
        _slot = slot;
        _transform = transform;
        _flat = flat;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        var optional = _optional.Eval(frame);
        if (optional.Kind != CelValueKind.Optional)
        {
            return optional.IsError ? optional : CelErrors.NoSuchOverload(_flat ? "optFlatMap" : "optMap", optional);
        }

        if (!optional.HasOptionalValue)
        {
            return optional;
        }

        frame.Locals![_slot] = optional.OptionalValue;
        var result = _transform.Eval(frame);
        if (result.IsError)
        {
            return result;
        }

        if (_flat)
        {
            return result.Kind == CelValueKind.Optional ? result : CelErrors.NoSuchOverload("optFlatMap", result);
        }

        return CelValue.OptionalOf(result);
    }
}
