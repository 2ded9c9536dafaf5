using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>
/// <c>r.map(x, t)</c>, <c>r.map(x, f, t)</c>, <c>r.filter(x, p)</c> and <c>r.transformList(i, v, [f,] t)</c>:
/// builds a list; any error is the result.
/// </summary>
internal sealed class MapComprehensionNode : ComprehensionNode
{
    private readonly CelNode? _filter;
    private readonly CelNode? _transform;

    /// <param name="range">The range.</param>
    /// <param name="slot">The first variable's slot.</param>
    /// <param name="slot2">The second variable's slot, or -1.</param>
    /// <param name="filter">The filter predicate, or null.</param>
    /// <param name="transform">The transform, or null to keep the element (filter).</param>
    public MapComprehensionNode(CelNode range, int slot, int slot2, CelNode? filter, CelNode? transform)
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

        var results = new List<CelValue>(it.Count);
        while (it.MoveNext(out var key, out var value))
        {
            Bind(frame, key, value, it.IsMap);
            if (_filter is not null)
            {
                var keep = _filter.Eval(frame);
                if (keep.Kind != CelValueKind.Bool)
                {
                    return keep.IsError ? keep : CelErrors.NoSuchOverload("filter", keep);
                }

                if (!keep.BoolValue)
                {
                    continue;
                }
            }

            if (_transform is null)
            {
                results.Add(Slot2 < 0 && it.IsMap ? key : value);
                continue;
            }

            var mapped = _transform.Eval(frame);
            if (mapped.IsError)
            {
                return mapped;
            }

            results.Add(mapped);
        }

        return CelValue.ForList(new ArrayCelList([.. results]));
    }
}
