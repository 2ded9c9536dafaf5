using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>Checks MCP backends (route backends and the <c>mcp:</c> shortcut): at least one target, and unique target names.</summary>
internal sealed class McpBackendValidator : IConfigSectionValidator
{
    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        foreach (var (backend, path) in ConfigTree.McpBackends(config))
        {
            ValidateTargets(backend.Targets, path, context);
        }

        if (config.Mcp is { } shortcut)
        {
            ValidateTargets(shortcut.Targets, ConfigPath.Root.Property("mcp"), context);
        }
    }

    private static void ValidateTargets(IReadOnlyList<McpTargetConfig> targets, ConfigPath backendPath, ConfigValidationContext context)
    {
        var targetsPath = backendPath.Property("targets");
        if (targets.Count == 0)
        {
            context.AddError(targetsPath,
                "an MCP backend needs at least one target; add 'targets:' with a stdio, sse or mcp target " +
                "(- name: my-server, stdio: {cmd: npx, args: [...]})");
            return;
        }

        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < targets.Count; i++)
        {
            var name = targets[i].Name;
            if (name.Length > 0 && !firstIndex.TryAdd(name, i))
            {
                context.AddError(targetsPath.Index(i).Property("name"),
                    $"target name '{name}' is already used by {targetsPath.Index(firstIndex[name])}; names must be " +
                    "unique within a backend because they prefix tool, prompt and resource names. Rename one of them");
            }
        }
    }
}
