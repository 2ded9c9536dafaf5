using System.Text;
using Microsoft.AspNetCore.Http;
using System.Text.RegularExpressions;
using AgentGateway.Admin.Ui;

namespace AgentGateway.Tests.Admin;

public sealed partial class UiAssetsTests
{
    private readonly UiAssets _assets = new();

    [Fact]
    public async Task Paths_IncludeThePageAndEveryFileItLoads()
    {
        var paths = _assets.Paths.ToHashSet(StringComparer.Ordinal);
        Assert.Contains("/index.html", paths);

        var page = await ReadAsync("/index.html");
        var references = PageReference().Matches(page);
        Assert.Equal(["icon.svg", "style.css", "app.js", "icon.svg"], references.Select(m => m.Groups["file"].Value));
        foreach (Match reference in references)
        {
            Assert.Contains("/" + reference.Groups["file"].Value, paths);
        }
    }

    [Fact]
    public async Task Modules_ImportOnlyEmbeddedModules_AndNoExternalUrl()
    {
        var paths = _assets.Paths.ToHashSet(StringComparer.Ordinal);
        var imports = 0;
        foreach (var path in paths.Where(p => p.EndsWith(".js", StringComparison.Ordinal)))
        {
            var script = await ReadAsync(path);
            Assert.StartsWith("// @ts-check", script, StringComparison.Ordinal);
            foreach (Match import in ModuleImport().Matches(script))
            {
                imports++;
                Assert.True(paths.Contains("/" + import.Groups["file"].Value), $"{path} imports {import.Groups["file"].Value}, which is not embedded");
            }

            // The CSP allows nothing but the admin origin, and values go in as text.
            Assert.DoesNotContain("innerHTML", script, StringComparison.Ordinal);
            Assert.DoesNotContain("http://", script, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", script, StringComparison.Ordinal);
        }

        Assert.True(imports >= 10, $"only {imports} imports found: the pattern no longer matches the modules");
    }

    private async Task<string> ReadAsync(string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = UiAssets.PathPrefix + path;
        using var body = new MemoryStream();
        context.Response.Body = body;
        await _assets.ServeAsync(context);
        Assert.Equal(200, context.Response.StatusCode);
        return Encoding.UTF8.GetString(body.ToArray());
    }

    [GeneratedRegex("""(?:src|href)="(?<file>[a-z0-9.-]+\.(?:js|css|svg))"?""")]
    private static partial Regex PageReference();

    [GeneratedRegex("""from '\./(?<file>[a-z0-9-]+\.js)'""")]
    private static partial Regex ModuleImport();
}
