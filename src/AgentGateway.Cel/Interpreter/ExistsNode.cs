using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary><c>r.exists(x, p)</c>: true if any predicate is true (errors elsewhere are absorbed), else an error if any, else false.</summary>
internal sealed class ExistsNode : ComprehensionNode
{
    private readonly CelNode _predicate;

    public ExistsNode(CelNode range, int slot, int slot2, CelNode predicate)
        : base(range, slot, slot2) => _predicate = predicate;

    public override CelValue Eval(in EvalFrame frame)
    {
        if (!RangeIterator.TryCreate(Range.Eval(frame), out var it, out var error))
        {
            return error;
        }

        CelValue firstError = default;
        bool hasError = false;
        while (it.MoveNext(out var key, out var value))
        {
            Bind(frame, key, value, it.IsMap);
            var result = _predicate.Eval(frame);
            if (result.Kind == CelValueKind.Bool)
            {
                if (result.BoolValue)
                {
                    return result;
                }
            }
            else if (!hasError)
            {
                hasError = true;
                firstError = result.IsError ? result : CelErrors.NoSuchOverload("exists", result);
            }
        }

        return hasError ? firstError : CelValue.False;
    }
}
