using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>A declared variable, resolved through the host's activation.</summary>
internal sealed class VariableNode : CelNode
{
    private readonly string _name;

    public VariableNode(string name) => _name = name;

    public override CelValue Eval(in EvalFrame frame) =>
        frame.Activation.TryResolve(_name, out var value) ? value : CelErrors.UnboundVariable(_name);
}
