using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>Indexing <c>a[i]</c>, or <c>a[?i]</c> when optional.</summary>
internal sealed class IndexNode : CelNode
{
    private readonly CelNode _operand;
    private readonly CelNode _index;
    private readonly bool _optional;

    public IndexNode(CelNode operand, CelNode index, bool optional)
    {
        _operand = operand;
        _index = index;
        _optional = optional;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        var operand = _operand.Eval(frame);
        if (operand.IsError)
        {
            return operand;
        }

        var index = _index.Eval(frame);
        if (index.IsError)
        {
            return index;
        }

        return _optional ? CelOps.OptionalIndex(operand, index) : CelOps.Index(operand, index);
    }
}
