using AgentGateway.Config.Model;
using AgentGateway.Config.Validation;
using YamlDotNet.Core;

namespace AgentGateway.Config.Loading;

/// <summary>
/// Loads a YAML configuration: expands <c>${VAR}</c>, parses, binds to <see cref="GatewayConfig"/> and validates,
/// reporting every error of every stage in one pass, each with file, line, column and YAML path.
/// </summary>
/// <remarks>
/// Stateless and thread-safe: each call works on its own data. Stages, in order:
/// <list type="number">
/// <item><see cref="EnvironmentExpander"/>: every unset variable is an error; it is replaced by an empty string so that the
/// later stages still run.</item>
/// <item><see cref="YamlTreeReader"/>: a YAML syntax error stops here (the parser cannot go on).</item>
/// <item><see cref="ConfigBinder"/>: unknown, duplicate and not-yet-supported keys, wrong types and values.</item>
/// <item><see cref="IConfigValidator"/>: the rules between values (ports, names, one transport per target, ...).</item>
/// </list>
/// An error of a later stage about a value that an earlier stage already reported (an unset variable, a value of the
/// wrong type that was left at its default) is dropped, so each mistake is reported once.
/// </remarks>
internal sealed class ConfigLoader
{
    private readonly IConfigValidator _validator;
    private readonly Func<string, string?> _getEnvironmentVariable;

    /// <summary>Creates a loader with the built-in validators that reads the process environment.</summary>
    public ConfigLoader()
        : this(ConfigValidator.CreateDefault())
    {
    }

    /// <summary>Creates a loader with the built-in validators that reads variables from <paramref name="getEnvironmentVariable"/>.</summary>
    public ConfigLoader(Func<string, string?> getEnvironmentVariable)
        : this(ConfigValidator.CreateDefault(), getEnvironmentVariable)
    {
    }

    /// <summary>Creates a loader that validates with <paramref name="validator"/>.</summary>
    /// <param name="validator">The validation run after binding.</param>
    /// <param name="getEnvironmentVariable">Looks up <c>${VAR}</c>; default <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    public ConfigLoader(IConfigValidator validator, Func<string, string?>? getEnvironmentVariable = null)
    {
        ArgumentNullException.ThrowIfNull(validator);
        _validator = validator;
        _getEnvironmentVariable = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>Reads and loads the file at <paramref name="path"/>. (Reading stdin for <c>-f -</c> is the caller's job: use <see cref="LoadText"/>.)</summary>
    public ConfigLoadResult LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            return Failed([new ConfigError(path, 0, 0, "", $"cannot read the configuration file: {ex.Message}")]);
        }

        return LoadText(text, path);
    }

    /// <summary>Loads configuration text.</summary>
    /// <param name="yaml">The YAML text, before <c>${VAR}</c> expansion.</param>
    /// <param name="sourceName">How errors name the source: the file path, or e.g. <c>-</c> for stdin.</param>
    public ConfigLoadResult LoadText(string yaml, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);

        var expansion = EnvironmentExpander.Expand(yaml, _getEnvironmentVariable);
        var positions = new SourcePositions(yaml, expansion.Substitutions);
        var sourceMap = new ConfigSourceMap(sourceName);

        YamlValue? root;
        try
        {
            root = YamlTreeReader.Read(expansion.Text);
        }
        catch (YamlException ex)
        {
            var (line, column) = positions.Locate(ex.Start);
            if (ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FindTabIndentation(yaml) is var (tabLine, tabColumn))
            {
                // YamlDotNet reports tab indentation at the start of the enclosing block, not at the tab.
                (line, column) = (tabLine, tabColumn);
            }

            return Failed([.. ExpansionErrors(expansion, positions, sourceMap, out _),
                new ConfigError(sourceName, line, column, "", $"invalid YAML: {ex.Message}")]);
        }

        if (root is null || root.IsNull)
        {
            return Failed([.. ExpansionErrors(expansion, positions, sourceMap, out _),
                new ConfigError(sourceName, 0, 0, "",
                    "the configuration is empty; add 'binds:' (ports, listeners, routes) or the 'mcp:' shortcut")]);
        }

        var binder = new ConfigBinder(sourceMap, positions);
        var config = binder.Bind<GatewayConfig>(root);

        // Positions of expansion errors are known only now: the binder filled the source map. A value that held a
        // failed ${VAR} is reported once, by the expansion error, not again by the binder or the validators.
        var errors = ExpansionErrors(expansion, positions, sourceMap, out var expansionPaths);
        var expansionReported = expansionPaths.Where(p => !p.IsRoot).Select(p => p.ToString()).ToList();
        errors.AddRange(binder.Errors.Where(error => !IsUnder(error, expansionReported)));
        if (config is not null)
        {
            var reported = expansionReported.Concat(binder.FailedPaths.Where(p => !p.IsRoot).Select(p => p.ToString())).ToList();
            errors.AddRange(_validator.Validate(config, sourceMap).Where(error => !IsUnder(error, reported)));
        }

        return errors.Count == 0 ? new ConfigLoadResult(config, []) : Failed(errors);
    }

    private static (int Line, int Column)? FindTabIndentation(string text)
    {
        var line = 1;
        foreach (var lineText in text.AsSpan().EnumerateLines())
        {
            var indentation = lineText.Length - lineText.TrimStart(" \t").Length;
            var tab = lineText[..indentation].IndexOf('\t');
            if (tab >= 0)
            {
                return (line, tab + 1);
            }

            line++;
        }

        return null;
    }

    private static bool IsUnder(ConfigError error, List<string> paths) =>
        paths.Exists(path => ConfigPath.IsSameOrUnder(error.Path, path));

    private static List<ConfigError> ExpansionErrors(
        EnvironmentExpansion expansion, SourcePositions positions, ConfigSourceMap sourceMap, out List<ConfigPath> paths)
    {
        var errors = new List<ConfigError>(expansion.Problems.Count);
        paths = [];
        foreach (var problem in expansion.Problems)
        {
            // A reference that expanded to nothing leaves an empty scalar, which YAML places right after the ':'
            // (before the blanks that preceded the reference): look there too.
            var offset = problem.ExpandedOffset;
            var blankStart = offset;
            while (blankStart > 0 && expansion.Text[(int)blankStart - 1] is ' ' or '\t')
            {
                blankStart--;
            }

            var path = sourceMap.FindScalarAt(offset) ?? sourceMap.FindScalarAt(blankStart) ?? ConfigPath.Root;
            paths.Add(path);
            var (line, column) = positions.LocateOriginal(problem.OriginalOffset);
            errors.Add(new ConfigError(sourceMap.SourceName, line, column, path.ToString(), problem.Message));
        }

        return errors;
    }

    private static ConfigLoadResult Failed(IEnumerable<ConfigError> errors) =>
        new(null, [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
}
