using AgentGateway.Config.Loading;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>Every sample configuration under <c>examples/</c> loads and validates (new examples are picked up automatically).</summary>
public sealed class ExampleConfigTests
{
    /// <summary>Each <c>examples/**/*.yaml</c>, relative to <c>examples/</c>.</summary>
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(RepoPaths.Examples, "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(RepoPaths.Examples, "*.yml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Examples, path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void LoadFile_Example_IsValid(string example)
    {
        // ${VAR} references in examples stand for the user's secrets: give unset ones a value, so that the
        // rest of the file is what gets checked.
        var loader = new ConfigLoader(name => Environment.GetEnvironmentVariable(name) ?? "example-value");

        var result = loader.LoadFile(Path.Combine(RepoPaths.Examples, example));

        Assert.True(result.IsValid, $"{example} is invalid:{Environment.NewLine}{string.Join(Environment.NewLine, result.Errors)}");
        Assert.NotNull(result.Config);
    }

    [Fact]
    public void Examples_Enumerated_IncludeTheBasicSeed()
    {
        Assert.Contains(Path.Combine("basic", "config.yaml"), Examples().Select(row => row.Data));
    }
}
