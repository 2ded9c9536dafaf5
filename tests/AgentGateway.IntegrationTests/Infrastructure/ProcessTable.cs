using System.Globalization;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>Live processes found by their command line, via <c>/proc</c> (Linux).</summary>
internal static class ProcessTable
{
    /// <summary>Ids of running processes whose command line contains <paramref name="marker"/>. Zombies have no command line and are not counted.</summary>
    public static IReadOnlyList<int> FindByCommandLine(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // the process ended while we looked
            }

            if (cmdline.Contains(marker, StringComparison.Ordinal))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>Waits until no process's command line contains <paramref name="marker"/>.</summary>
    public static Task WaitUntilGoneAsync(string marker, TimeSpan timeout, CancellationToken cancellationToken) =>
        Poll.UntilAsync(
            () => FindByCommandLine(marker).Count == 0,
            timeout,
            () => $"processes still running with '{marker}' in their command line: {string.Join(", ", FindByCommandLine(marker))}",
            cancellationToken);
}
