using System.Text;
using System.Text.Json;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>
/// <c>'literal' in container</c>, the shape of most permission rules. The literal is pre-encoded to UTF-8 so a
/// JSON array (or object) is searched in place without decoding a single element.
/// </summary>
internal sealed class InStringNode : CelNode
{
    private readonly CelValue _needle;
    private readonly string _text;
    private readonly byte[] _utf8;
    private readonly CelNode _container;

    public InStringNode(string needle, CelNode container)
    {
        _text = needle;
        _needle = CelValue.FromString(needle);
        _utf8 = Encoding.UTF8.GetBytes(needle);
        _container = container;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        var container = _container.Eval(frame);
        if (!container.IsJson)
        {
            return container.IsError ? container : CelOps.In(_needle, container);
        }

        var json = container.Json;
        if (container.Kind == CelValueKind.Map)
        {
            return CelValue.FromBool(json.TryGetProperty(_utf8, out _));
        }

        if (container.Kind == CelValueKind.List)
        {
            foreach (var item in json.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.ValueEquals(_utf8))
                {
                    return CelValue.True;
                }
            }

            return CelValue.False;
        }

        return CelErrors.NoSuchOverload("@in", _needle, container);
    }

    public override string ToString() => $"'{_text}' in ...";
}
