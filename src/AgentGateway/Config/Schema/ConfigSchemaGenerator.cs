using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentGateway.Config.Loading;
using AgentGateway.Config.Model;

namespace AgentGateway.Config.Schema;

/// <summary>
/// A JSON Schema (draft 2020-12) of the configuration file, generated from the config records by reflection with the
/// binder's own rules (<see cref="ConfigBinder"/>): keys by <see cref="ConfigNaming"/>, unknown keys refused
/// (<c>additionalProperties: false</c>), enum values as the loader spells them, durations and integers as it reads
/// them, and the shorthand string form of <see cref="ConfigScalarFormAttribute"/> records.
/// </summary>
/// <remarks>
/// Served by the admin API at <c>/schema</c> and committed as <c>schema/config.json</c> for editors (a unit test fails
/// when the two differ). Descriptions are the records' doc comments (<see cref="ConfigDocumentation"/>). What the
/// schema cannot say is left to validation: which keys are required together, CEL syntax, file paths, and
/// <c>${VAR}</c> references in non-string values (they are expanded before the YAML is read).
/// </remarks>
internal static class ConfigSchemaGenerator
{
    private const string DurationPattern = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d))+$";
    private const string IntegerPattern = "^[+-]?[0-9]+$";

    /// <summary>The schema of <see cref="GatewayConfig"/>, as indented JSON with <c>\n</c> line ends and a final newline.</summary>
    public static string Generate(ConfigDocumentation documentation)
    {
        ArgumentNullException.ThrowIfNull(documentation);
        var definitions = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "Agent Gateway configuration",
        };
        foreach (var (key, value) in RecordSchema(typeof(GatewayConfig), documentation, definitions))
        {
            root[key] = value?.DeepClone();
        }

        var defs = new JsonObject();
        foreach (var (name, schema) in definitions)
        {
            defs[name] = schema;
        }

        root["$defs"] = defs;

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            // A file for people and editors, never embedded in HTML: keep quotes and arrows readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            root.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = ConfigReflection.RecordsKept)]
    private static JsonObject RecordSchema(Type type, ConfigDocumentation documentation, SortedDictionary<string, JsonNode> definitions)
    {
        var properties = new JsonObject();
        var defaults = Activator.CreateInstance(type);
        var nullability = new NullabilityInfoContext();
        foreach (var property in ConfigReflection.PropertiesInDeclarationOrder(type))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length != 0)
            {
                continue;
            }

            var nullable = property.PropertyType.IsValueType
                ? Nullable.GetUnderlyingType(property.PropertyType) is not null
                : nullability.Create(property).WriteState == NullabilityState.Nullable;
            var schema = property.GetCustomAttribute<ConfigScalarTypesAttribute>() is { } scalarTypes
                ? new JsonObject { ["type"] = Types(nullable, [.. scalarTypes.Types]) }
                : ValueSchema(property.PropertyType, nullable, documentation, definitions);
            if (documentation.Of(property) is { } description)
            {
                schema["description"] = description;
            }

            if (DefaultValue(property.GetValue(defaults)) is { } value)
            {
                schema["default"] = value;
            }

            properties[ConfigNaming.ToKey(property.Name)] = schema;
        }

        var record = new JsonObject();
        if (documentation.Of(type) is { } summary)
        {
            record["description"] = summary;
        }

        record["type"] = "object";
        record["additionalProperties"] = false;
        record["properties"] = properties;
        return record;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = ConfigReflection.RecordsKept)]
    private static JsonObject ValueSchema(Type type, bool nullable, ConfigDocumentation documentation, SortedDictionary<string, JsonNode> definitions)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
        {
            return new JsonObject { ["type"] = Types(nullable, "string") };
        }

        if (target == typeof(int))
        {
            // YAML integers may be quoted ("3000"); the binder reads both.
            return new JsonObject { ["type"] = Types(nullable, "integer", "string"), ["pattern"] = IntegerPattern };
        }

        if (target == typeof(bool))
        {
            return new JsonObject { ["type"] = Types(nullable, "boolean") };
        }

        if (target == typeof(TimeSpan))
        {
            return new JsonObject { ["type"] = Types(nullable, "string"), ["pattern"] = DurationPattern };
        }

        if (target.IsEnum)
        {
            var values = new JsonArray();
            foreach (var name in Enum.GetNames(target))
            {
                values.Add((JsonNode)ConfigNaming.ToEnumValue(target, name));
            }

            if (nullable)
            {
                values.Add(null);
            }

            return new JsonObject { ["enum"] = values };
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return new JsonObject
            {
                ["type"] = Types(nullable, "array"),
                ["items"] = ValueSchema(target.GenericTypeArguments[0], false, documentation, definitions),
            };
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            return new JsonObject
            {
                ["type"] = Types(nullable, "object"),
                ["additionalProperties"] = ValueSchema(target.GenericTypeArguments[1], false, documentation, definitions),
            };
        }

        if (target.IsClass && target.GetConstructor(Type.EmptyTypes) is not null)
        {
            Define(target, documentation, definitions);
            var reference = new JsonObject { ["$ref"] = "#/$defs/" + target.Name };
            return nullable ? new JsonObject { ["anyOf"] = new JsonArray(reference, new JsonObject { ["type"] = "null" }) } : reference;
        }

        throw new InvalidOperationException($"The schema generator does not support values of type '{type}'; teach it the binder's rule for this type.");
    }

    private static void Define(Type type, ConfigDocumentation documentation, SortedDictionary<string, JsonNode> definitions)
    {
        if (definitions.ContainsKey(type.Name))
        {
            return;
        }

        definitions[type.Name] = new JsonObject(); // placeholder against recursion
        var record = RecordSchema(type, documentation, definitions);
        if (type.GetCustomAttribute<ConfigScalarFormAttribute>() is { } scalarForm)
        {
            // Written either as the record or as a plain string that sets one of its properties.
            var description = record["description"]?.GetValue<string>();
            record.Remove("description");
            var shorthand = new JsonObject
            {
                ["type"] = "string",
                ["description"] = $"Shorthand for {{{ConfigNaming.ToKey(scalarForm.PropertyName)}: <this string>}}.",
            };
            var either = new JsonObject();
            if (description is not null)
            {
                either["description"] = description;
            }

            either["anyOf"] = new JsonArray(shorthand, record);
            definitions[type.Name] = either;
            return;
        }

        definitions[type.Name] = record;
    }

    private static JsonNode Types(bool nullable, params string[] types)
    {
        if (types.Length == 1 && !nullable)
        {
            return types[0];
        }

        var array = new JsonArray();
        foreach (var type in types)
        {
            array.Add((JsonNode)type);
        }

        if (nullable)
        {
            array.Add((JsonNode)"null");
        }

        return array;
    }

    /// <summary>A record's default worth telling: enums, numbers, booleans, non-empty strings and durations.</summary>
    private static JsonNode? DefaultValue(object? value) => value switch
    {
        Enum e => ConfigNaming.ToEnumValue(e.GetType(), e.ToString()),
        bool b => b,
        int i when i != 0 => i,
        string { Length: > 0 } s => s,
        TimeSpan t => DurationParser.ToText(t),
        _ => null,
    };
}
