using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>Optional field selection <c>a.?f</c>.</summary>
internal sealed class OptionalSelectNode : CelNode
{
    private readonly CelNode _operand;
    private readonly string _field;

    public OptionalSelectNode(CelNode operand, string field)
    {
        _operand = operand;
        _field = field;
    }

    public override CelValue Eval(in EvalFrame frame) => CelOps.OptionalSelect(_operand.Eval(frame), _field);
}
