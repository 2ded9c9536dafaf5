using AgentGateway.Config.Loading;
using AgentGateway.Config.Model;
using AgentGateway.Config.Validation;

namespace AgentGateway.Tests.Config;

/// <summary>Loads YAML with a fake environment and asserts on the outcome, printing every error on failure.</summary>
internal static class ConfigTestLoader
{
    public const string Source = "test.yaml";

    public static ConfigLoadResult Load(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        new ConfigLoader(name => environment is not null && environment.TryGetValue(name, out var value) ? value : null)
            .LoadText(yaml, Source);

    public static GatewayConfig LoadValid(string yaml, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Load(yaml, environment);
        Assert.True(result.IsValid, "expected a valid configuration, got:\n" + Dump(result));
        return result.Config!;
    }

    public static ConfigError LoadSingleError(string yaml, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Load(yaml, environment);
        Assert.True(result.Errors.Count == 1, "expected exactly one error, got:\n" + Dump(result));
        Assert.Null(result.Config);
        Assert.False(result.IsValid);
        return result.Errors[0];
    }

    public static ConfigError AssertError(ConfigLoadResult result, int line, string path, string messagePart)
    {
        var match = result.Errors.FirstOrDefault(e => e.Line == line && e.Path == path && e.Message.Contains(messagePart, StringComparison.Ordinal));
        Assert.True(match is not null, $"expected an error on line {line} at '{path}' containing \"{messagePart}\", got:\n" + Dump(result));
        Assert.Null(result.Config);
        return match!;
    }

    /// <summary>Asserts there is exactly one error, on <paramref name="line"/>, at <paramref name="path"/>, containing <paramref name="messagePart"/>.</summary>
    public static void AssertSingleError(string yaml, int line, string path, string messagePart)
    {
        var error = LoadSingleError(yaml);
        Assert.Equal(line, error.Line);
        Assert.Equal(path, error.Path);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        Assert.Equal(Source, error.Source);
    }

    /// <summary>A config with one route whose keys are <paramref name="body"/> (unindented); the body starts on line 5.</summary>
    public static string RouteYaml(string body) =>
        "binds:\n- port: 3000\n  listeners:\n  - routes:\n" + Indent(body, "    - ", "      ");

    /// <summary>A config with one listener whose keys are <paramref name="body"/>; the body starts on line 4.</summary>
    public static string ListenerYaml(string body) =>
        "binds:\n- port: 3000\n  listeners:\n" + Indent(body, "  - ", "    ");

    /// <summary>An <c>mcp:</c> shortcut with one target whose keys are <paramref name="body"/>; the body starts on line 3.</summary>
    public static string TargetYaml(string body) =>
        "mcp:\n  targets:\n" + Indent(body, "  - ", "    ");

    /// <summary>A <c>config:</c> section with <paramref name="body"/> (starting on line 2) and a valid <c>mcp:</c> shortcut.</summary>
    public static string StaticYaml(string body) =>
        "config:\n" + Indent(body, "  ", "  ") + "mcp:\n  targets: [{name: a, stdio: {cmd: npx}}]\n";

    /// <summary>A valid backend in flow style, for route rows.</summary>
    public const string Backend = "backends: [{mcp: {targets: [{name: a, stdio: {cmd: npx}}]}}]";

    /// <summary>A valid listeners list in flow style, for bind rows.</summary>
    public const string Listeners = "listeners: [{routes: [{" + Backend + "}]}]";

    private static string Indent(string body, string first, string rest)
    {
        var lines = body.ReplaceLineEndings("\n").Split('\n');
        return string.Concat(lines.Select((line, i) => (i == 0 ? first : rest) + line + "\n"));
    }

    public static string Dump(ConfigLoadResult result) =>
        result.Errors.Count == 0 ? "(no errors)" : string.Join('\n', result.Errors);
}
