namespace AgentGateway.Cel.Tests.Conformance;

/// <summary>
/// Reads <c>known-failures.txt</c>: one <c>file/section/name</c> per line, a reason after <c>#</c>; blank lines
/// and lines starting with <c>#</c> are ignored.
/// </summary>
internal static class KnownFailures
{
    public static Dictionary<string, string> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Conformance", "known-failures.txt");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int hash = line.IndexOf('#', StringComparison.Ordinal);
            string id = (hash >= 0 ? line[..hash] : line).Trim();
            string reason = hash >= 0 ? line[(hash + 1)..].Trim() : string.Empty;
            result[id] = reason;
        }

        return result;
    }
}
