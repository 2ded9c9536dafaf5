namespace AgentGateway.Cel.Interpreter;

/// <summary>A strict call with one argument: an error argument is the result.</summary>
internal sealed class UnaryCallNode : CelNode
{
    private readonly CelNode _arg;
    private readonly UnaryFunction _function;

    public UnaryCallNode(CelNode arg, UnaryFunction function)
    {
        _arg = arg;
        _function = function;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        var a = _arg.Eval(frame);
        return a.IsError ? a : _function(a);
    }
}
