using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary><c>r.exists_one(x, p)</c>: exactly one predicate is true; any error is the result.</summary>
internal sealed class ExistsOneNode : ComprehensionNode
{
    private readonly CelNode _predicate;

    public ExistsOneNode(CelNode range, int slot, int slot2, CelNode predicate)
        : base(range, slot, slot2) => _predicate = predicate;

    public override CelValue Eval(in EvalFrame frame)
    {
        if (!RangeIterator.TryCreate(Range.Eval(frame), out var it, out var error))
        {
            return error;
        }

        int count = 0;
        while (it.MoveNext(out var key, out var value))
        {
            Bind(frame, key, value, it.IsMap);
            var result = _predicate.Eval(frame);
            if (result.Kind != CelValueKind.Bool)
            {
                return result.IsError ? result : CelErrors.NoSuchOverload("exists_one", result);
            }

            if (result.BoolValue)
            {
                count++;
            }
        }

        return CelValue.FromBool(count == 1);
    }
}
