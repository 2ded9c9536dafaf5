namespace AgentGateway.Cel.Interpreter;

/// <summary>A comprehension variable (<c>x</c> in <c>list.all(x, ...)</c>).</summary>
internal sealed class LocalNode : CelNode
{
    private readonly int _slot;

    public LocalNode(int slot) => _slot = slot;

    public override CelValue Eval(in EvalFrame frame) => frame.Locals![_slot];
}
