namespace AgentGateway.Config.Validation;

/// <summary>How file paths written in a configuration are resolved: relative to the configuration file's directory.</summary>
internal static class ConfigFilePaths
{
    /// <summary>The directory relative paths are resolved against: the configuration file's, or the current one for stdin and text.</summary>
    public static string BaseDirectory(string? sourceName)
    {
        if (string.IsNullOrEmpty(sourceName) || sourceName == "-")
        {
            return Environment.CurrentDirectory;
        }

        var full = Path.GetFullPath(sourceName);
        return File.Exists(full) ? Path.GetDirectoryName(full) ?? Environment.CurrentDirectory : Environment.CurrentDirectory;
    }

    /// <summary>The absolute path of <paramref name="path"/> as written in the configuration loaded from <paramref name="sourceName"/>.</summary>
    public static string Resolve(string? sourceName, string path) =>
        Path.IsPathFullyQualified(path) ? path : Path.GetFullPath(Path.Combine(BaseDirectory(sourceName), path));
}
