using AgentGateway.Cel;
using AgentGateway.Config;
using AgentGateway.Config.Model;

namespace AgentGateway.Proxy.Pipeline;

/// <summary><c>config.logging.filter</c> and <c>config.logging.fields</c> (<c>add</c>, <c>remove</c>), compiled once per configuration.</summary>
internal sealed class AccessLogRules
{
    private AccessLogRules(CelProgram? filter, (string Name, CelProgram Program)[] fields, AccessLogField removed)
    {
        Filter = filter;
        Fields = fields;
        Removed = removed;
    }

    /// <summary>When set, only requests for which it is true are logged.</summary>
    public CelProgram? Filter { get; }

    /// <summary>Extra fields, in configuration order.</summary>
    public (string Name, CelProgram Program)[] Fields { get; }

    /// <summary>Standard fields left out (<c>config.logging.fields.remove</c>).</summary>
    public AccessLogField Removed { get; }

    /// <summary>Whether <paramref name="field"/> is written.</summary>
    public bool Writes(AccessLogField field) => (Removed & field) == 0;

    /// <summary>The rules of <paramref name="logging"/>, or null when it has none (validated: every expression compiles).</summary>
    public static AccessLogRules? Compile(LoggingConfig? logging)
    {
        if (logging?.Filter is null && (logging?.Fields?.Add.Count ?? 0) == 0 && (logging?.Fields?.Remove.Count ?? 0) == 0)
        {
            return null;
        }

        var removed = AccessLogField.None;
        foreach (var name in logging!.Fields?.Remove ?? [])
        {
            removed |= AccessLogFieldNames.All[name];
        }

        var environment = GatewayCel.AccessLogRules;
        return new AccessLogRules(
            logging.Filter is { } filter ? environment.Compile(filter) : null,
            [.. (logging.Fields?.Add ?? new Dictionary<string, string>()).Select(f => (f.Key, environment.Compile(f.Value)))],
            removed);
    }
}
