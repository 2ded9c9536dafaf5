using System.Text.Json;

namespace AgentGateway.Cel.Runtime;

/// <summary>List and map access over both representations: in-memory and JSON read in place.</summary>
internal static class CelCollections
{
    public static int ListCount(in CelValue list) =>
        list.ListRef is { } l ? l.Count : list.Json.GetArrayLength();

    public static CelValue ListGet(in CelValue list, int index) =>
        list.ListRef is { } l ? l[index] : JsonValues.ToCel(list.Json[index]);

    public static int MapCount(in CelValue map)
    {
        if (map.MapRef is { } m)
        {
            return m.Count;
        }

        int count = 0;
        foreach (var unused in map.Json.EnumerateObject())
        {
            count++;
        }

        return count;
    }

    /// <summary>Looks up a key of any kind; only string keys can be present in a JSON object.</summary>
    public static bool MapTryGet(in CelValue map, in CelValue key, out CelValue value)
    {
        if (map.MapRef is { } m)
        {
            return m.TryGetValue(key, out value);
        }

        if (key.Kind == CelValueKind.String && TryGetJsonProperty(map.Json, key, out var element))
        {
            value = JsonValues.ToCel(element);
            return true;
        }

        value = default;
        return false;
    }

    public static bool MapTryGetField(in CelValue map, string name, out CelValue value)
    {
        if (map.MapRef is { } m)
        {
            return m.TryGetField(name, out value);
        }

        if (map.Json.TryGetProperty(name, out var element))
        {
            value = JsonValues.ToCel(element);
            return true;
        }

        value = default;
        return false;
    }

    public static bool MapContainsKey(in CelValue map, in CelValue key) => MapTryGet(map, key, out _);

    /// <summary>The map's keys in iteration order, materialized (used by comprehensions and equality).</summary>
    public static CelValue[] MapKeys(in CelValue map)
    {
        if (map.MapRef is { } m)
        {
            var keys = new CelValue[m.Count];
            for (int i = 0; i < keys.Length; i++)
            {
                keys[i] = m.KeyAt(i);
            }

            return keys;
        }

        var list = new List<CelValue>();
        foreach (var property in map.Json.EnumerateObject())
        {
            list.Add(CelValue.FromString(property.Name));
        }

        return [.. list];
    }

    /// <summary>Materializes the elements of a list (used when a list is rebuilt, e.g. by <c>+</c>).</summary>
    public static CelValue[] ListItems(in CelValue list)
    {
        int count = ListCount(list);
        var items = new CelValue[count];
        if (list.ListRef is { } l)
        {
            for (int i = 0; i < count; i++)
            {
                items[i] = l[i];
            }
        }
        else
        {
            int i = 0;
            foreach (var element in list.Json.EnumerateArray())
            {
                items[i++] = JsonValues.ToCel(element);
            }
        }

        return items;
    }

    private static bool TryGetJsonProperty(JsonElement obj, in CelValue key, out JsonElement element)
    {
        if (key.TryGetClrString(out var s))
        {
            return obj.TryGetProperty(s, out element);
        }

        return obj.TryGetProperty(key.StringValue, out element);
    }
}
