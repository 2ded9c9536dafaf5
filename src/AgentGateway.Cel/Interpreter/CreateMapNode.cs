using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>A map literal; keys must be int, uint, bool or string and distinct; <c>?k: v</c> entries are optional.</summary>
internal sealed class CreateMapNode : CelNode
{
    private readonly CelNode[] _keys;
    private readonly CelNode[] _values;
    private readonly bool[]? _optional;

    public CreateMapNode(CelNode[] keys, CelNode[] values, bool[]? optional)
    {
        _keys = keys;
        _values = values;
        _optional = optional;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        if (_keys.Length == 0)
        {
            return CelValue.ForMap(HashCelMap.Empty);
        }

        var keys = new CelValue[_keys.Length];
        var values = new CelValue[_keys.Length];
        int count = 0;
        for (int i = 0; i < _keys.Length; i++)
        {
            var key = _keys[i].Eval(frame);
            if (key.IsError)
            {
                return key;
            }

            var value = _values[i].Eval(frame);
            if (value.IsError)
            {
                return value;
            }

            if (_optional is not null && _optional[i])
            {
                if (value.Kind != CelValueKind.Optional)
                {
                    return CelErrors.NoSuchOverload("optional map entry", value);
                }

                if (!value.HasOptionalValue)
                {
                    continue;
                }

                value = value.OptionalValue;
            }

            keys[count] = key;
            values[count] = value;
            count++;
        }

        if (count != keys.Length)
        {
            Array.Resize(ref keys, count);
            Array.Resize(ref values, count);
        }

        return HashCelMap.Create(keys, values);
    }
}
