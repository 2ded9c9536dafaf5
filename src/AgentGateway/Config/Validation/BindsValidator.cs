using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>
/// Checks the top level and the binds: something must be served, every bind has a valid port that no other bind
/// uses, and at least one listener.
/// </summary>
internal sealed class BindsValidator : IConfigSectionValidator
{
    /// <summary>Port of the <c>mcp:</c> shortcut when it sets none (as the reference).</summary>
    public const int ShortcutDefaultPort = 3000;

    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        if (config.Binds.Count == 0 && config.Mcp is null)
        {
            var at = context.IsWritten(ConfigPath.Root.Property("binds")) ? ConfigPath.Root.Property("binds") : ConfigPath.Root;
            context.AddError(at,
                "the configuration serves nothing; add 'binds:' with at least one port, or the 'mcp:' shortcut " +
                "(mcp: {port: 3000, targets: [...]})");
        }

        var portOwners = new Dictionary<int, ConfigPath>();
        foreach (var (bind, path) in ConfigTree.Binds(config))
        {
            var portPath = path.Property("port");
            if (!context.IsWritten(portPath) && bind.Port == 0)
            {
                context.AddError(path, "a bind needs a port; add e.g. 'port: 3000'");
            }
            else if (!ConfigRules.IsValidPort(bind.Port))
            {
                context.AddError(portPath, ConfigRules.PortOutOfRange(bind.Port));
            }
            else if (!portOwners.TryAdd(bind.Port, path))
            {
                var (line, _) = context.SourceMap.Locate(portOwners[bind.Port].Property("port"));
                var where = line > 0 ? $"{portOwners[bind.Port]} (line {line})" : portOwners[bind.Port].ToString();
                context.AddError(portPath,
                    $"port {bind.Port} is already used by {where}; put all listeners of a port in one bind, or use another port");
            }

            if (bind.Listeners.Count == 0)
            {
                context.AddError(path.Property("listeners"),
                    "a bind needs at least one listener; add 'listeners:' with a listener that has routes");
            }
        }

        if (config.Mcp is { Port: { } shortcutPort } && !ConfigRules.IsValidPort(shortcutPort))
        {
            context.AddError(ConfigPath.Root.Property("mcp").Property("port"), ConfigRules.PortOutOfRange(shortcutPort));
        }
        else if (config.Mcp is not null)
        {
            // The shortcut becomes one more bind (default port 3000, as the reference); it cannot share a port.
            var port = config.Mcp.Port ?? ShortcutDefaultPort;
            if (portOwners.TryGetValue(port, out var owner))
            {
                var at = context.IsWritten(ConfigPath.Root.Property("mcp").Property("port"))
                    ? ConfigPath.Root.Property("mcp").Property("port")
                    : ConfigPath.Root.Property("mcp");
                context.AddError(at,
                    $"the 'mcp:' shortcut serves port {port}, which {owner} already uses; give the shortcut another 'port:'");
            }
        }
    }
}
