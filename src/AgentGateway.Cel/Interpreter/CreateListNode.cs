using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>A list literal; <c>?e</c> elements are added only when the optional holds a value.</summary>
internal sealed class CreateListNode : CelNode
{
    private readonly CelNode[] _elements;
    private readonly bool[]? _optional;

    public CreateListNode(CelNode[] elements, bool[]? optional)
    {
        _elements = elements;
        _optional = optional;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        if (_elements.Length == 0)
        {
            return CelValue.ForList(ArrayCelList.Empty);
        }

        var items = new CelValue[_elements.Length];
        int count = 0;
        for (int i = 0; i < _elements.Length; i++)
        {
            var value = _elements[i].Eval(frame);
            if (value.IsError)
            {
                return value;
            }

            if (_optional is not null && _optional[i])
            {
                if (value.Kind != CelValueKind.Optional)
                {
                    return CelErrors.NoSuchOverload("optional list element", value);
                }

                if (!value.HasOptionalValue)
                {
                    continue;
                }

                value = value.OptionalValue;
            }

            items[count++] = value;
        }

        if (count != items.Length)
        {
            Array.Resize(ref items, count);
        }

        return CelValue.ForList(new ArrayCelList(items));
    }
}
