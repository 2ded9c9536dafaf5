namespace AgentGateway.Cel.Interpreter;

/// <summary><c>cel.bind(x, init, body)</c>: evaluates <c>init</c> once and makes it available as <c>x</c> in <c>body</c>.</summary>
internal sealed class BindNode : CelNode
{
    private readonly CelNode _init;
    private readonly int _slot;
    private readonly CelNode _body;

    public BindNode(CelNode init, int slot, CelNode body)
    {
        _init = init;
        _slot = slot;
        _body = body;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        frame.Locals![_slot] = _init.Eval(frame);
        return _body.Eval(frame);
    }
}
