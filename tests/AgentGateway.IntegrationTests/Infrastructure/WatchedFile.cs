namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>Replaces a file the gateway watches the way deployment tools do: written aside, then renamed into place.</summary>
/// <remarks>
/// A plain overwrite truncates the file first; the watcher may read it empty or half written, refuse it, and read it
/// again a second later — an extra "rejected" reload that a test counting reloads would trip over.
/// </remarks>
public static class WatchedFile
{
    public static async Task ReplaceAsync(string path, string text, CancellationToken cancellationToken)
    {
        var next = path + ".next";
        await File.WriteAllTextAsync(next, text, cancellationToken);
        File.Move(next, path, overwrite: true);
    }
}
