using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>Checks the <c>config:</c> section: server addresses, log level and MCP session settings.</summary>
internal sealed class StaticConfigValidator : IConfigSectionValidator
{
    /// <summary>The smallest <c>config.http.maxBufferSize</c>: below it, ordinary MCP requests would be refused.</summary>
    public const int MinBufferSize = 1024;

    /// <summary><c>config.mcp.maxSessions</c> when not set (the engine's default, <c>McpEngineOptions.MaxSessions</c>).</summary>
    public const int DefaultMaxSessions = 1000;

    private static readonly string[] s_logLevels = ["trace", "debug", "info", "warn", "warning", "error"];

    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        if (config.Config is not { } settings)
        {
            return;
        }

        var path = ConfigPath.Root.Property("config");
        ValidateAddress(settings.AdminAddr, path.Property("adminAddr"), "127.0.0.1:15000", context);
        ValidateAddress(settings.StatsAddr, path.Property("statsAddr"), "0.0.0.0:15020", context);
        ValidateAddress(settings.ReadinessAddr, path.Property("readinessAddr"), "0.0.0.0:15021", context);

        if (settings.Logging?.Level is { } level && !s_logLevels.Contains(level, StringComparer.OrdinalIgnoreCase))
        {
            context.AddError(path.Property("logging").Property("level"),
                $"invalid log level '{level}'; use one of trace, debug, info, warn or error");
        }

        if (settings.Logging?.Filter is { } filter
            && CelRules.GetCompileError(Cel.GatewayCel.AccessLogRules, filter) is { } filterError)
        {
            context.AddError(path.Property("logging").Property("filter"), filterError);
        }

        foreach (var (name, expression) in settings.Logging?.Fields?.Add ?? new Dictionary<string, string>())
        {
            var fieldPath = path.Property("logging").Property("fields").Property("add").Property(name);
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                context.AddError(fieldPath, $"field name '{name}' is invalid; use letters, digits, '_', '.' and '-'");
            }
            else if (CelRules.GetCompileError(Cel.GatewayCel.AccessLogRules, expression) is { } fieldError)
            {
                context.AddError(fieldPath, fieldError);
            }
        }

        var removed = settings.Logging?.Fields?.Remove ?? [];
        for (var i = 0; i < removed.Count; i++)
        {
            if (!AccessLogFieldNames.All.ContainsKey(removed[i]))
            {
                context.AddError(path.Property("logging").Property("fields").Property("remove").Index(i),
                    $"'{removed[i]}' is not a standard access-log field; use one of {AccessLogFieldNames.Listed}. Fields of 'add' are removed by deleting them from 'add'");
            }
        }

        if (settings.Mcp?.SessionTtl is { } ttl && ttl <= TimeSpan.Zero)
        {
            context.AddError(path.Property("mcp").Property("sessionTtl"),
                "sessionTtl must be greater than zero; use a duration such as '30m' (the default), or remove it");
        }

        if (settings.Mcp?.RequestTimeout is { } requestTimeout && requestTimeout <= TimeSpan.Zero)
        {
            context.AddError(path.Property("mcp").Property("requestTimeout"),
                "requestTimeout must be greater than zero; use a duration such as '5m' (the default), or remove it");
        }

        if (settings.Mcp?.MaxSessions is { } maxSessions && maxSessions < 1)
        {
            context.AddError(path.Property("mcp").Property("maxSessions"),
                "maxSessions must be at least 1; it is the most MCP sessions alive at once (default 1000), or remove it");
        }

        if (settings.Mcp?.MaxSessionsPerCaller is { } perCaller)
        {
            if (perCaller < 1)
            {
                context.AddError(path.Property("mcp").Property("maxSessionsPerCaller"),
                    "maxSessionsPerCaller must be at least 1; it is the most MCP sessions one authenticated caller holds at once, or remove it for no such limit");
            }
            else if (perCaller > (settings.Mcp.MaxSessions ?? DefaultMaxSessions))
            {
                context.AddError(path.Property("mcp").Property("maxSessionsPerCaller"),
                    $"maxSessionsPerCaller ({perCaller}) is above maxSessions ({settings.Mcp.MaxSessions ?? DefaultMaxSessions}), so it would never apply; lower it, or raise maxSessions");
            }
        }

        if (settings.Http?.MaxBufferSize is { } maxBufferSize && maxBufferSize is < MinBufferSize)
        {
            context.AddError(path.Property("http").Property("maxBufferSize"),
                $"maxBufferSize is {maxBufferSize} bytes; use at least {MinBufferSize} (an MCP initialize needs a few hundred bytes), or remove it for the default 2097152 (2 MiB)");
        }

        if (settings.Mcp?.InitializeTimeout is { } initializeTimeout && initializeTimeout <= TimeSpan.Zero)
        {
            context.AddError(path.Property("mcp").Property("initializeTimeout"),
                "initializeTimeout must be greater than zero; use a duration such as '60s' (the default), or remove it");
        }
    }

    private static void ValidateAddress(string? address, ConfigPath path, string example, ConfigValidationContext context)
    {
        if (address is null || address == "off")
        {
            return;
        }

        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            context.AddError(path, $"unix socket addresses are not supported yet; use 'host:port' (e.g. '{example}') or 'off'");
        }
        else if (!ConfigRules.TryParseHostPort(address, out _, out var port))
        {
            context.AddError(path,
                $"invalid address '{address}'; use 'host:port' (e.g. '{example}' or '[::1]:{example[(example.LastIndexOf(':') + 1)..]}') or 'off'");
        }
        else if (!ConfigRules.IsValidPort(port))
        {
            context.AddError(path, $"invalid address '{address}': {ConfigRules.PortOutOfRange(port)}");
        }
    }
}
