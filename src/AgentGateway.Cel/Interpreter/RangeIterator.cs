using System.Text.Json;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>
/// Iterates a comprehension range without copying it: a list yields (index, element), a map yields (key, value).
/// </summary>
internal struct RangeIterator
{
    private readonly CelValue _range;
    private readonly bool _isMap;
    private readonly CelList? _list;
    private readonly CelMap? _map;
    private JsonElement.ArrayEnumerator _jsonArray;
    private JsonElement.ObjectEnumerator _jsonObject;
    private int _index;

    private RangeIterator(in CelValue range)
    {
        _range = range;
        _isMap = range.Kind == CelValueKind.Map;
        _list = range.ListRef;
        _map = range.MapRef;
        _index = 0;
        if (range.IsJson)
        {
            if (_isMap)
            {
                _jsonObject = range.Json.EnumerateObject();
            }
            else
            {
                _jsonArray = range.Json.EnumerateArray();
            }
        }
    }

    public readonly bool IsMap => _isMap;

    /// <summary>Starts iterating a list or map; other values yield a <c>no such overload</c> error.</summary>
    public static bool TryCreate(in CelValue range, out RangeIterator iterator, out CelValue error)
    {
        if (range.Kind is CelValueKind.List or CelValueKind.Map)
        {
            iterator = new RangeIterator(range);
            error = default;
            return true;
        }

        iterator = default;
        error = range.IsError ? range : CelErrors.NoSuchOverload("comprehension range", range);
        return false;
    }

    public bool MoveNext(out CelValue key, out CelValue value)
    {
        if (_isMap)
        {
            if (_map is not null)
            {
                if (_index < _map.Count)
                {
                    key = _map.KeyAt(_index++);
                    _map.TryGetValue(key, out value);
                    return true;
                }
            }
            else if (_jsonObject.MoveNext())
            {
                var property = _jsonObject.Current;
                key = CelValue.FromString(property.Name);
                value = JsonValues.ToCel(property.Value);
                return true;
            }
        }
        else if (_list is not null)
        {
            if (_index < _list.Count)
            {
                key = CelValue.FromInt64(_index);
                value = _list[_index++];
                return true;
            }
        }
        else if (_jsonArray.MoveNext())
        {
            key = CelValue.FromInt64(_index++);
            value = JsonValues.ToCel(_jsonArray.Current);
            return true;
        }

        key = default;
        value = default;
        return false;
    }

    /// <summary>The number of elements (for sizing results).</summary>
    public readonly int Count => _isMap ? CelCollections.MapCount(_range) : CelCollections.ListCount(_range);
}
