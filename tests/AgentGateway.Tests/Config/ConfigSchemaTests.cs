using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentGateway.Config.Model;
using AgentGateway.Config.Schema;
using YamlDotNet.RepresentationModel;

namespace AgentGateway.Tests.Config;

/// <summary>
/// The JSON Schema of the configuration: generated from the records, committed as <c>schema/config.json</c> (kept in
/// sync here), and accepting every example configuration while refusing what the loader refuses.
/// </summary>
public sealed class ConfigSchemaTests
{
    private const string UpdateVariable = "AGENTGATEWAY_UPDATE_SCHEMA";

    private static readonly Lazy<string> s_generated = new(() => ConfigSchemaGenerator.Generate(ConfigDocumentation.Load(typeof(GatewayConfig).Assembly)));

    private static string SchemaPath => Path.Combine(RepositoryRoot(), "schema", "config.json");

    [Fact]
    public void CommittedSchema_IsTheGeneratedOne()
    {
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(SchemaPath)!);
            File.WriteAllText(SchemaPath, s_generated.Value);
        }

        var committed = File.Exists(SchemaPath) ? File.ReadAllText(SchemaPath).ReplaceLineEndings("\n") : "(missing)";
        Assert.True(committed == s_generated.Value,
            $"schema/config.json differs from the schema generated from the config records (src/AgentGateway/Config/Model). " +
            $"Regenerate it with:{Environment.NewLine}  {UpdateVariable}=1 dotnet test tests/AgentGateway.Tests --filter FullyQualifiedName~ConfigSchemaTests{Environment.NewLine}" +
            "and commit the file.");
    }

    [Fact]
    public void Schema_UsesTheLoadersKeysEnumValuesAndDescriptions()
    {
        var schema = JsonNode.Parse(s_generated.Value)!;
        var defs = schema["$defs"]!;

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema["$schema"]!.GetValue<string>());
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
        var listener = defs["ListenerConfig"]!;
        Assert.Equal(["HTTP", "HTTPS"], listener["properties"]!["protocol"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("HTTP", listener["properties"]!["protocol"]!["default"]!.GetValue<string>());
        Assert.NotNull(defs["PathMatchConfig"]!["properties"]!["pathPrefix"]);
        Assert.Contains("failClosed", defs["McpBackendConfig"]!["properties"]!["failureMode"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("Shorthand for {inline: <this string>}.", defs["JwksSourceConfig"]!["anyOf"]![0]!["description"]!.GetValue<string>());
        Assert.StartsWith("Idle time after which", defs["McpStaticConfig"]!["properties"]!["sessionTtl"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(defs["McpStaticConfig"]!["properties"]!["sessionTtl"]!["pattern"]);
    }

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "examples"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryRoot(), path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Schema_AcceptsEveryExample(string example)
    {
        var errors = Validate(File.ReadAllText(Path.Combine(RepositoryRoot(), example)));

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Theory]
    [InlineData("bindz: []", "bindz")]
    [InlineData("binds: [{port: 3000, listeners: [{protocol: TCP}]}]", "protocol")]
    [InlineData("config: {mcp: {sessionTtl: 30}}", "sessionTtl")]
    [InlineData("binds: [{port: three}]", "port")]
    public void Schema_RefusesWhatTheLoaderRefuses(string yaml, string where)
    {
        var errors = Validate(yaml);

        Assert.Contains(errors, e => e.Contains(where, StringComparison.Ordinal));
    }

    /// <summary>
    /// Checks YAML against the schema with the few keywords it uses ($ref, anyOf, type, properties,
    /// additionalProperties, items, enum, pattern), reading scalars as YAML 1.2 core would.
    /// </summary>
    private static List<string> Validate(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var schema = JsonNode.Parse(s_generated.Value)!;
        var errors = new List<string>();
        Check(stream.Documents[0].RootNode, schema, schema, "$", errors);
        return errors;
    }

    private static bool Check(YamlNode node, JsonNode schema, JsonNode root, string path, List<string> errors)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            return Check(node, root["$defs"]![reference["#/$defs/".Length..]]!, root, path, errors);
        }

        if (schema["anyOf"] is JsonArray anyOf)
        {
            var attempts = new List<List<string>>();
            foreach (var option in anyOf)
            {
                var optionErrors = new List<string>();
                if (Check(node, option!, root, path, optionErrors))
                {
                    return true;
                }

                attempts.Add(optionErrors);
            }

            errors.AddRange(attempts.OrderBy(a => a.Count).First());
            return false;
        }

        if (schema["enum"] is JsonArray values)
        {
            var text = node is YamlScalarNode s ? s.Value : null;
            var ok = values.Any(v => v is null ? IsNull(node) : text == v.GetValue<string>());
            if (!ok)
            {
                errors.Add($"{path}: '{text}' is not one of {values.ToJsonString()}");
            }

            return ok;
        }

        var types = schema["type"] switch
        {
            JsonArray array => array.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue value => [value.GetValue<string>()],
            _ => [],
        };
        var before = errors.Count;
        switch (node)
        {
            case YamlMappingNode mapping when types.Contains("object"):
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var key = ((YamlScalarNode)keyNode).Value!;
                    var property = schema["properties"]?[key] ?? (schema["additionalProperties"] is JsonObject extra ? extra : null);
                    if (property is null)
                    {
                        errors.Add($"{path}.{key}: not allowed here");
                    }
                    else
                    {
                        Check(valueNode, property, root, $"{path}.{key}", errors);
                    }
                }

                break;
            case YamlSequenceNode sequence when types.Contains("array"):
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Check(sequence.Children[i], schema["items"]!, root, $"{path}[{i}]", errors);
                }

                break;
            case YamlScalarNode when IsNull(node) && types.Contains("null"):
                break;
            case YamlScalarNode scalar when types.Contains("boolean") && scalar.Value is "true" or "false":
                break;
            case YamlScalarNode scalar when (types.Contains("string") || types.Contains("integer")) && !IsNull(node):
                if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(scalar.Value!, pattern))
                {
                    errors.Add($"{path}: '{scalar.Value}' does not match {pattern}");
                }

                break;
            default:
                errors.Add($"{path}: expected {string.Join(" or ", types)}, got {node.NodeType}");
                break;
        }

        return errors.Count == before;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentGateway.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AgentGateway.slnx not found above " + AppContext.BaseDirectory);
    }
}
