namespace AgentGateway.Cel.Interpreter;

/// <summary>A strict call with two arguments (operators included): the first error argument is the result.</summary>
internal sealed class BinaryCallNode : CelNode
{
    private readonly CelNode _left;
    private readonly CelNode _right;
    private readonly BinaryFunction _function;

    public BinaryCallNode(CelNode left, CelNode right, BinaryFunction function)
    {
        _left = left;
        _right = right;
        _function = function;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        var a = _left.Eval(frame);
        if (a.IsError)
        {
            return a;
        }

        var b = _right.Eval(frame);
        return b.IsError ? b : _function(a, b);
    }
}
