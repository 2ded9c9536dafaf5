using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary><c>c ? a : b</c>; only the chosen branch is evaluated.</summary>
internal sealed class ConditionalNode : CelNode
{
    private readonly CelNode _condition;
    private readonly CelNode _whenTrue;
    private readonly CelNode _whenFalse;

    public ConditionalNode(CelNode condition, CelNode whenTrue, CelNode whenFalse)
    {
        _condition = condition;
        _whenTrue = whenTrue;
        _whenFalse = whenFalse;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        var condition = _condition.Eval(frame);
        if (condition.Kind == CelValueKind.Bool)
        {
            return condition.BoolValue ? _whenTrue.Eval(frame) : _whenFalse.Eval(frame);
        }

        return condition.IsError ? condition : CelErrors.NoSuchOverload("_?_:_", condition);
    }
}
