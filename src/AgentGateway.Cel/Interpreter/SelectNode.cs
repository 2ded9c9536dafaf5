using System.Text;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>Field selection <c>a.f</c>; the name is pre-encoded so JSON objects are searched without transcoding.</summary>
internal sealed class SelectNode : CelNode
{
    private readonly CelNode _operand;
    private readonly string _field;
    private readonly byte[] _utf8Field;

    public SelectNode(CelNode operand, string field)
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
            return operand.Json.TryGetProperty(_utf8Field, out var element) ? JsonValues.ToCel(element) : CelErrors.NoSuchKey(_field);
        }

        return CelOps.Select(operand, _field);
    }
}
