using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary><c>r.transformMap(k, v, [f,] t)</c>: a map from each (filtered) key to its transformed value.</summary>
internal sealed class TransformMapNode : ComprehensionNode
{
    private readonly CelNode? _filter;
    private readonly CelNode _transform;

    public TransformMapNode(CelNode range, int slot, int slot2, CelNode? filter, CelNode transform)
        : base(range, slot, slot2)
    {
        _filter = filter;
        _transform = transform;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        if (!RangeIterator.TryCreate(Range.Eval(frame), out var it, out var error))
        {
            return error;
        }

        var keys = new List<CelValue>();
        var values = new List<CelValue>();
        while (it.MoveNext(out var key, out var value))
        {
            Bind(frame, key, value, it.IsMap);
            if (_filter is not null)
            {
                var keep = _filter.Eval(frame);
                if (keep.Kind != CelValueKind.Bool)
                {
                    return keep.IsError ? keep : CelErrors.NoSuchOverload("transformMap", keep);
                }

                if (!keep.BoolValue)
                {
                    continue;
                }
            }

            var mapped = _transform.Eval(frame);
            if (mapped.IsError)
            {
                return mapped;
            }

            keys.Add(key);
            values.Add(mapped);
        }

        return HashCelMap.Create([.. keys], [.. values]);
    }
}
