using System.Diagnostics;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The gateway's native executable, published by <c>dotnet publish src/AgentGateway -c Release -o artifacts/native</c>
/// (test.sh does it before the tests). When it is missing or older than any source file of the gateway, the first test
/// that needs it publishes it (a few minutes), so a test never runs a stale native build — nor is skipped.
/// </summary>
internal static class NativeGateway
{
    private static readonly SemaphoreSlim s_publishing = new(1, 1);
    private static string? s_published;

    /// <summary>Where the native executable is published.</summary>
    public static string PublishDirectory => Path.Combine(RepoPaths.Root, "artifacts", "native");

    /// <summary>The path of an up-to-date native executable, published first when needed.</summary>
    public static async Task<string> GetExecutableAsync(CancellationToken cancellationToken)
    {
        await s_publishing.WaitAsync(cancellationToken);
        try
        {
            if (s_published is null)
            {
                var executable = Path.Combine(PublishDirectory, "agentgateway");
                if (!File.Exists(executable) || File.GetLastWriteTimeUtc(executable) < NewestSourceWriteUtc())
                {
                    await PublishAsync(cancellationToken);
                }

                s_published = executable;
            }

            return s_published;
        }
        finally
        {
            s_publishing.Release();
        }
    }

    /// <summary>The latest change to anything the native executable is built from.</summary>
    private static DateTime NewestSourceWriteUtc()
    {
        var newest = DateTime.MinValue;
        foreach (var project in new[] { "AgentGateway", "AgentGateway.Cel" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src", project), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(Path.Combine(RepoPaths.Root, "src", project), file);
                if (!relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    && !relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    newest = Max(newest, File.GetLastWriteTimeUtc(file));
                }
            }
        }

        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" })
        {
            newest = Max(newest, File.GetLastWriteTimeUtc(Path.Combine(RepoPaths.Root, file)));
        }

        return newest;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static async Task PublishAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoPaths.Root };
        foreach (var argument in new[] { "publish", Path.Combine("src", "AgentGateway", "AgentGateway.csproj"), "-c", "Release", "-o", PublishDirectory, "-nologo" })
        {
            info.ArgumentList.Add(argument);
        }

        var run = await ProcessRun.RunAsync(info, TimeSpan.FromMinutes(15), cancellationToken);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"publishing the native executable failed (it needs clang): {run}");
        }
    }
}
