using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace AgentGateway.Config.Loading;

/// <summary>
/// Structural equality of configuration records (lists and dictionaries compared item by item), to tell on reload
/// whether a backend's targets changed. Reflection is fine here: it runs once per reload, never per request.
/// </summary>
internal static class ConfigComparer
{
    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> hold the same values.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = ConfigReflection.RecordsKept)]
    public static bool AreEqual(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.GetType() != b.GetType())
        {
            return false;
        }

        var type = a.GetType();
        if (type.IsPrimitive || type.IsEnum || a is string or TimeSpan or decimal)
        {
            return a.Equals(b);
        }

        if (a is IDictionary da && b is IDictionary db)
        {
            if (da.Count != db.Count)
            {
                return false;
            }

            foreach (DictionaryEntry entry in da)
            {
                if (!db.Contains(entry.Key) || !AreEqual(entry.Value, db[entry.Key]))
                {
                    return false;
                }
            }

            return true;
        }

        if (a is IEnumerable ea && b is IEnumerable eb)
        {
            var left = ea.Cast<object?>().ToList();
            var right = eb.Cast<object?>().ToList();
            return left.Count == right.Count && left.Zip(right).All(pair => AreEqual(pair.First, pair.Second));
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && !AreEqual(property.GetValue(a), property.GetValue(b)))
            {
                return false;
            }
        }

        return true;
    }
}
