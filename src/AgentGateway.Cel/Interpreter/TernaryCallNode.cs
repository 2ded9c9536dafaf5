namespace AgentGateway.Cel.Interpreter;

/// <summary>A strict call with three arguments.</summary>
internal sealed class TernaryCallNode : CelNode
{
    private readonly CelNode _a;
    private readonly CelNode _b;
    private readonly CelNode _c;
    private readonly TernaryFunction _function;

    public TernaryCallNode(CelNode a, CelNode b, CelNode c, TernaryFunction function)
    {
        _a = a;
        _b = b;
        _c = c;
        _function = function;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        var a = _a.Eval(frame);
        if (a.IsError)
        {
            return a;
        }

        var b = _b.Eval(frame);
        if (b.IsError)
        {
            return b;
        }

        var c = _c.Eval(frame);
        return c.IsError ? c : _function(a, b, c);
    }
}
