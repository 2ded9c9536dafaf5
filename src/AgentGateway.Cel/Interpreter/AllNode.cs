using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary><c>r.all(x, p)</c>: false if any predicate is false (errors elsewhere are absorbed), else an error if any, else true.</summary>
internal sealed class AllNode : ComprehensionNode
{
    private readonly CelNode _predicate;

    public AllNode(CelNode range, int slot, int slot2, CelNode predicate)
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
                if (!result.BoolValue)
                {
                    return result;
                }
            }
            else if (!hasError)
            {
                hasError = true;
                firstError = result.IsError ? result : CelErrors.NoSuchOverload("all", result);
            }
        }

        return hasError ? firstError : CelValue.True;
    }
}
