using System.Text;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>
/// <c>x == 'literal'</c> or <c>x != 'literal'</c>: a JSON string is compared in place against the pre-encoded
/// literal; values of other types are simply unequal (heterogeneous equality).
/// </summary>
internal sealed class StringEqualsNode : CelNode
{
    private readonly CelNode _operand;
    private readonly string _literal;
    private readonly byte[] _utf8;
    private readonly bool _negate;

    public StringEqualsNode(CelNode operand, string literal, bool negate)
    {
        _operand = operand;
        _literal = literal;
        _utf8 = Encoding.UTF8.GetBytes(literal);
        _negate = negate;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        var value = _operand.Eval(frame);
        if (value.IsError)
        {
            return value;
        }

        bool equal;
        if (value.Kind != CelValueKind.String)
        {
            equal = false;
        }
        else if (value.TryGetClrString(out var s))
        {
            equal = string.Equals(s, _literal, StringComparison.Ordinal);
        }
        else
        {
            equal = value.Json.ValueEquals(_utf8);
        }

        return CelValue.FromBool(equal != _negate);
    }
}
