using System.Text;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>The presence test <c>has(a.f)</c>; the name is pre-encoded for JSON objects.</summary>
internal sealed class HasNode : CelNode
{
    private readonly CelNode _operand;
    private readonly string _field;
    private readonly byte[] _utf8Field;

    public HasNode(CelNode operand, string field)
    {
        _operand = operand;
        _field = field;
        _utf8Field = Encoding.UTF8.GetBytes(field);
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        var operand = _operand.Eval(frame);
        if (operand.Kind == CelValueKind.Map && operand.IsJson)
        {
            return CelValue.FromBool(operand.Json.TryGetProperty(_utf8Field, out _));
        }

        return CelOps.Has(operand, _field);
    }
}
