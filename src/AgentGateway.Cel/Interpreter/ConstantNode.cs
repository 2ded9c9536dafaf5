namespace AgentGateway.Cel.Interpreter;

/// <summary>A literal, or a subexpression folded at compile time.</summary>
internal sealed class ConstantNode : CelNode
{
    public ConstantNode(CelValue value) => Value = value;

    public CelValue Value { get; }

    public override bool IsConstant => true;

    public override CelValue Eval(in EvalFrame frame) => Value;
}
