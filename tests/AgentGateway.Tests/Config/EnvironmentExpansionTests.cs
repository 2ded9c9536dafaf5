using AgentGateway.Config.Loading;
using static AgentGateway.Tests.Config.ConfigTestLoader;

namespace AgentGateway.Tests.Config;

public sealed class EnvironmentExpansionTests
{
    private const string Template = """
        mcp:
          port: ${PORT}
          targets:
          - name: everything
            stdio:
              cmd: ${CMD:-npx}
              env: {API_KEY: "${API_KEY}"}
        """;

    [Fact]
    public void LoadText_SetVariables_AreSubstituted()
    {
        var config = LoadValid(Template, new Dictionary<string, string> { ["PORT"] = "4000", ["CMD"] = "uvx", ["API_KEY"] = "s3cret" });

        Assert.Equal(4000, config.Mcp!.Port);
        Assert.Equal("uvx", config.Mcp.Targets[0].Stdio!.Cmd);
        Assert.Equal("s3cret", config.Mcp.Targets[0].Stdio!.Env["API_KEY"]);
    }

    [Fact]
    public void LoadText_UnsetVariableWithDefault_UsesDefault()
    {
        var config = LoadValid(Template, new Dictionary<string, string> { ["PORT"] = "4000", ["API_KEY"] = "k" });

        Assert.Equal("npx", config.Mcp!.Targets[0].Stdio!.Cmd);
    }

    [Fact]
    public void LoadText_EmptyVariableWithDefault_UsesDefault()
    {
        var config = LoadValid(Template, new Dictionary<string, string> { ["PORT"] = "4000", ["CMD"] = "", ["API_KEY"] = "k" });

        Assert.Equal("npx", config.Mcp!.Targets[0].Stdio!.Cmd);
    }

    [Fact]
    public void LoadText_UnsetVariables_ReportsEachWithPositionAndPathOnly()
    {
        var result = Load(Template);

        // Only the two expansion errors: the empty port and API key they leave behind are not reported again.
        Assert.Equal(2, result.Errors.Count);
        var port = AssertError(result, 2, "mcp.port", "environment variable 'PORT' is not set; set it, or give a default with '${PORT:-value}'");
        Assert.Equal(9, port.Column);
        var key = AssertError(result, 7, "mcp.targets[0].stdio.env.API_KEY", "environment variable 'API_KEY' is not set");
        Assert.Equal(23, key.Column);
    }

    [Fact]
    public void LoadText_UnsetVariableAndOtherMistakes_ReportsAll()
    {
        var result = Load("""
            mcp:
              targets:
              - name: ${NAME}
                stdio: {cmd: npx}
                sse: {host: "https://${HOST:-mcp.example.com}/sse"}
              tragets: []
            """);

        Assert.Equal(3, result.Errors.Count);
        AssertError(result, 3, "mcp.targets[0].name", "environment variable 'NAME' is not set");
        AssertError(result, 3, "mcp.targets[0]", "target '$NAME' sets 'stdio' and 'sse'");
        AssertError(result, 6, "mcp.tragets", "did you mean 'targets'?");
    }

    [Fact]
    public void LoadText_UnsetVariablesInFlowList_ReportsOnlyTheVariables()
    {
        var result = Load("""
            mcp:
              targets:
              - name: a
                stdio: {cmd: npx, args: [${A}, "${B}"]}
            """);

        Assert.Equal([(4, 30, "mcp.targets[0].stdio.args[0]"), (4, 37, "mcp.targets[0].stdio.args[1]")],
            result.Errors.Select(e => (e.Line, e.Column, e.Path)));
    }

    [Fact]
    public void LoadText_DoubleDollar_WritesLiteralDollar()
    {
        var config = LoadValid("""
            mcp:
              targets:
              - name: a
                stdio: {cmd: sh, args: ["-c", "echo $${HOME} $$1 $PATH"]}
            """);

        Assert.Equal(["-c", "echo ${HOME} $1 $PATH"], config.Mcp!.Targets[0].Stdio!.Args);
    }

    [Fact]
    public void LoadText_ErrorAfterExpansionOnSameLine_ReportsOriginalColumn()
    {
        // The variable expands to something longer than '${LONG}'; the error that follows must still point at the
        // column of the file as written.
        var error = LoadSingleError("""
            mcp:
              targets: [{name: "${LONG}", stdio: {cmd: npx}, bogus: 1}]
            """, new Dictionary<string, string> { ["LONG"] = "a-rather-long-target-name" });

        Assert.Equal(2, error.Line);
        Assert.Equal(50, error.Column);
        Assert.Equal("mcp.targets[0].bogus", error.Path);
    }

    [Fact]
    public void LoadText_MultiLineValue_ReportsOriginalLine()
    {
        var error = LoadSingleError("""
            mcp:
              targets:
              - name: a
                stdio:
                  cmd: npx
                  args: ${ARGS}
              bogus: 1
            """, new Dictionary<string, string> { ["ARGS"] = "\n        - one\n        - two" });

        Assert.Equal(7, error.Line);
        Assert.Equal(3, error.Column);
    }

    [Theory]
    [InlineData("name: ${}", "'${}' is not a valid variable reference")]
    [InlineData("name: ${1ABC}", "'${1ABC}' is not a valid variable reference")]
    [InlineData("name: ${A B}", "'${A B}' is not a valid variable reference")]
    [InlineData("name: ${OPEN", "'${' is not closed on this line")]
    public void LoadText_MalformedReference_ReportsIt(string line, string message)
    {
        var result = Load($"mcp:\n  targets:\n  - {line}\n    stdio: {{cmd: npx}}\n");

        var error = AssertError(result, 3, "mcp.targets[0].name", message);
        Assert.Equal(11, error.Column);
    }

    [Fact]
    public void Expand_NoDollar_ReturnsSameText()
    {
        const string Text = "mcp: {}\n";

        var expansion = EnvironmentExpander.Expand(Text, _ => throw new InvalidOperationException("no lookup expected"));

        Assert.Same(Text, expansion.Text);
        Assert.Empty(expansion.Substitutions);
        Assert.Empty(expansion.Problems);
    }

    [Fact]
    public void Expand_EveryUnsetVariable_IsAProblem()
    {
        var expansion = EnvironmentExpander.Expand("a: ${A}\nb: ${B}${C:-c}\n", _ => null);

        Assert.Equal("a: $A\nb: $Bc\n", expansion.Text);
        Assert.Equal(["A", "B"], expansion.Problems.Select(p => p.Message.Split('\'')[1]));
        Assert.Equal([3L, 11L], expansion.Problems.Select(p => p.OriginalOffset));
    }
}
