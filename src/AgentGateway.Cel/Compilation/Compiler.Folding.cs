using AgentGateway.Cel.Interpreter;

namespace AgentGateway.Cel.Compilation;

/// <summary>Constant folding: subexpressions that only read literals are evaluated once, at compile time.</summary>
internal sealed partial class Compiler
{
    private static readonly EvalFrame s_constantFrame = new(EmptyActivation.Instance, null);

    /// <summary>Replaces <paramref name="node"/> by its value when all its <paramref name="children"/> are constants.</summary>
    /// <remarks>Errors fold too (<c>1/0</c> becomes an error constant): evaluation still reports them, never compilation.</remarks>
    private static CelNode Fold(CelNode node, params ReadOnlySpan<CelNode> children)
    {
        foreach (var child in children)
        {
            if (!child.IsConstant)
            {
                return node;
            }
        }

        return new ConstantNode(node.Eval(s_constantFrame));
    }
}
