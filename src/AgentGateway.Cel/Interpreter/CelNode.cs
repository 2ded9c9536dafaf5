namespace AgentGateway.Cel.Interpreter;

/// <summary>
/// A node of a compiled program. Nodes are immutable and shared by concurrent evaluations; all per-evaluation state
/// lives in the <see cref="EvalFrame"/>.
/// </summary>
internal abstract class CelNode
{
    public abstract CelValue Eval(in EvalFrame frame);

    /// <summary>Whether the node always yields the same value (constant folding).</summary>
    public virtual bool IsConstant => false;
}
