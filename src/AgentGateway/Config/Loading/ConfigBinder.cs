using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using AgentGateway.Config.Model;
using AgentGateway.Config.Validation;

namespace AgentGateway.Config.Loading;

/// <summary>
/// Binds <see cref="YamlValue"/> nodes to the config records by reflection, recording every node's position in a
/// <see cref="ConfigSourceMap"/> and collecting every error instead of stopping at the first.
/// </summary>
/// <remarks>
/// <para>
/// Supported property types: <see cref="string"/>, <see cref="int"/>, <see cref="bool"/>, enums, <see cref="TimeSpan"/>
/// (durations such as <c>30m</c>), their nullable forms, <see cref="IReadOnlyList{T}"/>,
/// <see cref="IReadOnlyDictionary{TKey, TValue}"/> with string keys, and records with a parameterless constructor and
/// <c>init</c> properties. Keys follow <see cref="ConfigNaming"/>. A missing key keeps the record's default; an explicit
/// null is accepted only where the property is nullable.
/// </para>
/// <para>
/// Reflection is fine here: binding runs once per load, not per request. One binder binds one document.
/// </para>
/// </remarks>
internal sealed partial class ConfigBinder
{
    /// <summary>The most nodes bound in one document (aliases count each time they are used), against alias bombs.</summary>
    public const int MaxNodes = 100_000;

    private readonly ConfigSourceMap _sourceMap;
    private readonly SourcePositions _positions;
    private readonly List<ConfigError> _errors = [];
    private readonly List<ConfigPath> _failedPaths = [];
    private readonly NullabilityInfoContext _nullability = new();
    private readonly Dictionary<Type, Dictionary<string, BindableProperty>> _shapes = [];
    private int _nodeCount;

    /// <summary>Creates a binder that records positions in <paramref name="sourceMap"/>.</summary>
    public ConfigBinder(ConfigSourceMap sourceMap, SourcePositions positions)
    {
        _sourceMap = sourceMap;
        _positions = positions;
    }

    /// <summary>Every error found so far, in document order.</summary>
    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <summary>
    /// Paths already reported: values that could not be bound (wrong type, bad value) and kept a default, and keys
    /// suggested for a misspelled one. Validation errors at or under them would report the same mistake again (the
    /// default is what they complain about), so the loader drops them.
    /// </summary>
    public IReadOnlyList<ConfigPath> FailedPaths => _failedPaths;

    /// <summary>Binds the document's root to a new <typeparamref name="T"/>.</summary>
    /// <returns>The record (possibly partly bound when there are errors), or null when the root is not a mapping.</returns>
    public T? Bind<T>(YamlValue root)
        where T : class =>
        TryBind(root, typeof(T), nullable: false, ConfigPath.Root, out var value) ? (T?)value : null;

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = ConfigReflection.RecordsKept)]
    private bool TryBind(YamlValue node, Type type, bool nullable, ConfigPath path, out object? value)
    {
        value = null;
        if (++_nodeCount > MaxNodes)
        {
            if (_nodeCount == MaxNodes + 1)
            {
                Fail(node, path, $"the configuration has more than {MaxNodes} values once aliases are expanded; write it without nested aliases");
            }

            return false;
        }

        var (line, column) = _positions.Locate(node.Start);
        _sourceMap.Add(path, new ConfigSourceSpan(line, column, node.Start.Index, node.End.Index, node.Kind == YamlValueKind.Scalar));

        if (node.IsNull)
        {
            if (nullable)
            {
                return true;
            }

            return Fail(node, path, $"expected {DescribeType(type)}, got null; {NullHint(type)}");
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
        {
            return TryBindScalar(node, target, path, out value, static text => text);
        }

        if (target == typeof(int))
        {
            return TryBindInt(node, path, out value);
        }

        if (target == typeof(bool))
        {
            return TryBindScalar(node, target, path, out value,
                static text => bool.TryParse(text, out var b) ? b : null);
        }

        if (target == typeof(TimeSpan))
        {
            return TryBindDuration(node, path, out value);
        }

        if (target.IsEnum)
        {
            return TryBindEnum(node, target, path, out value);
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return TryBindList(node, target, path, out value);
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)
            && target.GenericTypeArguments[0] == typeof(string))
        {
            return TryBindDictionary(node, target, path, out value);
        }

        if (target.IsClass && target.GetConstructor(Type.EmptyTypes) is not null)
        {
            if (node.Kind == YamlValueKind.Scalar && target.GetCustomAttribute<ConfigScalarFormAttribute>() is { } scalarForm)
            {
                return TryBindScalarForm(node, target, scalarForm.PropertyName, path, out value);
            }

            return TryBindRecord(node, target, path, out value);
        }

        throw new InvalidOperationException($"The config binder does not support values of type '{type}' (at '{path}').");
    }

    private bool TryBindList(YamlValue node, Type listType, ConfigPath path, out object? value)
    {
        value = null;
        if (node.Kind != YamlValueKind.Sequence)
        {
            return Fail(node, path, $"expected a list, got {node.Describe()}; write items on lines starting with '- ', or [a, b]");
        }

        var itemType = listType.GenericTypeArguments[0];
        var list = NewList(itemType);
        for (var i = 0; i < node.Items.Count; i++)
        {
            // A failed item keeps its place (as a default) so that later items keep their index in paths.
            list.Add(TryBind(node.Items[i], itemType, nullable: false, path.Index(i), out var item) ? item : CreateDefault(itemType));
        }

        value = list;
        return true;
    }

    private bool TryBindDictionary(YamlValue node, Type dictionaryType, ConfigPath path, out object? value)
    {
        value = null;
        if (node.Kind != YamlValueKind.Mapping)
        {
            return Fail(node, path, $"expected a mapping of names to values, got {node.Describe()}");
        }

        var valueType = dictionaryType.GenericTypeArguments[1];
        var dictionary = NewDictionary(valueType);
        var seen = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in node.Entries)
        {
            if (!TryGetKey(keyNode, path, seen, out var key))
            {
                continue;
            }

            if (TryBind(valueNode, valueType, nullable: false, path.Property(key), out var item))
            {
                dictionary[key] = item;
            }
        }

        value = dictionary;
        return true;
    }

    /// <summary>A new <c>List&lt;T&gt;</c> of <paramref name="itemType"/>.</summary>
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = ConfigReflection.ReferenceTypeCollections)]
    private static IList NewList(Type itemType)
    {
        if (itemType == typeof(int))
        {
            return new List<int>();
        }

        if (itemType.IsValueType)
        {
            throw new InvalidOperationException($"The config binder has no list of '{itemType}'; add it to {nameof(NewList)}.");
        }

        return (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType))!;
    }

    /// <summary>A new <c>Dictionary&lt;string, T&gt;</c> of <paramref name="valueType"/>, with ordinal keys.</summary>
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = ConfigReflection.ReferenceTypeCollections)]
    private static IDictionary NewDictionary(Type valueType)
    {
        if (valueType.IsValueType)
        {
            throw new InvalidOperationException($"The config binder has no dictionary of '{valueType}'; add it to {nameof(NewDictionary)}.");
        }

        return (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType), StringComparer.Ordinal)!;
    }

    /// <summary>A record written as a plain string (see <see cref="ConfigScalarFormAttribute"/>): the string sets one property.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = ConfigReflection.RecordsKept)]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = ConfigReflection.RecordsKept)]
    private bool TryBindScalarForm(YamlValue node, Type type, string propertyName, ConfigPath path, out object? value)
    {
        value = null;
        if (!TryBindScalar(node, typeof(string), path, out var text, static t => t))
        {
            return false;
        }

        var instance = Activator.CreateInstance(type)!;
        type.GetProperty(propertyName, BindingFlags.Public | BindingFlags.Instance)!.SetValue(instance, text);
        value = instance;
        return true;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = ConfigReflection.RecordsKept)]
    private bool TryBindRecord(YamlValue node, Type type, ConfigPath path, out object? value)
    {
        value = null;
        if (node.Kind != YamlValueKind.Mapping)
        {
            return Fail(node, path, $"expected a mapping (keys and values), got {node.Describe()}");
        }

        var properties = GetProperties(type);
        var instance = Activator.CreateInstance(type)!;
        var seen = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
        List<string>? suggested = null;
        foreach (var (keyNode, valueNode) in node.Entries)
        {
            if (!TryGetKey(keyNode, path, seen, out var key))
            {
                continue;
            }

            var keyPath = path.Property(key);
            if (properties.TryGetValue(key, out var property))
            {
                if (TryBind(valueNode, property.Info.PropertyType, property.IsNullable, keyPath, out var propertyValue))
                {
                    property.Info.SetValue(instance, propertyValue);
                }
                else if (property.IsNullable && !property.Info.PropertyType.IsValueType)
                {
                    // The key was written, with a bad value. Leaving it null would make validation report it as
                    // missing, a second error about the same mistake; a placeholder keeps it "present".
                    property.Info.SetValue(instance, CreateDefault(property.Info.PropertyType));
                }
            }
            else
            {
                var (message, suggestion) = UnknownKeyMessage(type, key, properties);
                Error(keyNode, keyPath, message);
                if (suggestion is not null)
                {
                    (suggested ??= []).Add(suggestion);
                }
            }
        }

        // A misspelled key ("targts") is reported once, with its suggestion: validation must not also report the
        // key it suggests ("targets") as missing.
        foreach (var key in suggested ?? [])
        {
            if (!seen.ContainsKey(key))
            {
                _failedPaths.Add(path.Property(key));
            }
        }

        value = instance;
        return true;
    }

    private bool TryGetKey(YamlValue keyNode, ConfigPath path, Dictionary<string, YamlValue> seen, out string key)
    {
        key = keyNode.Text;
        if (keyNode.Kind != YamlValueKind.Scalar)
        {
            Error(keyNode, path, $"keys must be plain names, got {keyNode.Describe()} as a key");
            return false;
        }

        if (key == "<<")
        {
            Error(keyNode, path.Property(key), "YAML merge keys ('<<') are not supported; write the keys out instead");
            return false;
        }

        if (seen.TryGetValue(key, out var first))
        {
            var (line, _) = _positions.Locate(first.Start);
            Error(keyNode, path.Property(key), $"duplicate key '{key}' (first set on line {line}); keep only one of them");
            return false;
        }

        seen.Add(key, keyNode);
        return true;
    }

    private static (string Message, string? Suggestion) UnknownKeyMessage(Type owner, string key, Dictionary<string, BindableProperty> properties)
    {
        if (ReferenceSchema.GetUnsupportedKeyMessage(owner, key) is { } unsupported)
        {
            return (unsupported, null);
        }

        var suggestion = KeySuggester.Suggest(key, properties.Keys.Concat(ReferenceSchema.GetUnsupportedKeys(owner)));
        if (suggestion is not null)
        {
            return ($"unknown key '{key}'; did you mean '{suggestion}'?", suggestion);
        }

        return (properties.Count == 0
            ? $"unknown key '{key}'; nothing can be set here in this version, so remove it"
            : $"unknown key '{key}'; the keys allowed here are: {string.Join(", ", properties.Keys)}", null);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = ConfigReflection.RecordsKept)]
    private Dictionary<string, BindableProperty> GetProperties(Type type)
    {
        if (!_shapes.TryGetValue(type, out var properties))
        {
            properties = new Dictionary<string, BindableProperty>(StringComparer.Ordinal);
            foreach (var info in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (info.SetMethod is { IsPublic: true } && info.GetIndexParameters().Length == 0)
                {
                    var isNullable = info.PropertyType.IsValueType
                        ? Nullable.GetUnderlyingType(info.PropertyType) is not null
                        : _nullability.Create(info).WriteState == NullabilityState.Nullable;
                    properties.Add(ConfigNaming.ToKey(info.Name), new BindableProperty(info, isNullable));
                }
            }

            _shapes.Add(type, properties);
        }

        return properties;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = ConfigReflection.RecordsKept)]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = ConfigReflection.RecordsKept)]
    private static object? CreateDefault(Type type) =>
        type == typeof(string) ? "" : type.IsValueType || type.GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance(type) : null;

    /// <summary>Reports an error about a value that could not be bound, and remembers its path (see <see cref="FailedPaths"/>).</summary>
    private bool Fail(YamlValue node, ConfigPath path, string message)
    {
        Error(node, path, message);
        _failedPaths.Add(path);
        return false;
    }

    private void Error(YamlValue node, ConfigPath path, string message)
    {
        var (line, column) = _positions.Locate(node.Start);
        _errors.Add(new ConfigError(_sourceMap.SourceName, line, column, path.ToString(), message));
    }

    private sealed record BindableProperty(PropertyInfo Info, bool IsNullable);
}
