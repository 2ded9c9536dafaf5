using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>
/// <c>a &amp;&amp; b</c>: <c>false</c> on either side wins, even over an error on the other side (commutative
/// error absorption); otherwise an error on either side is the result.
/// </summary>
internal sealed class AndNode : CelNode
{
    private readonly CelNode _left;
    private readonly CelNode _right;

    public AndNode(CelNode left, CelNode right)
    {
        _left = left;
        _right = right;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        var left = _left.Eval(frame);
        if (left.Kind == CelValueKind.Bool && !left.BoolValue)
        {
            return left;
        }

        var right = _right.Eval(frame);
        if (right.Kind == CelValueKind.Bool)
        {
            if (!right.BoolValue)
            {
                return right;
            }

            if (left.Kind == CelValueKind.Bool)
            {
                return right;
            }
        }

        if (left.IsError)
        {
            return left;
        }

        return right.IsError ? right : CelErrors.NoSuchOverload("_&&_", left, right);
    }
}
