namespace AgentGateway.Cel.Interpreter;

/// <summary>A subexpression that always fails at evaluation (unbound functions when checking is off).</summary>
internal sealed class ErrorNode : CelNode
{
    private readonly CelValue _error;

    public ErrorNode(CelValue error) => _error = error;

    public override CelValue Eval(in EvalFrame frame) => _error;
}
