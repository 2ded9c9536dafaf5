using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>Walks a configuration and yields each node of a kind together with its YAML path.</summary>
/// <remarks>Paths are built exactly as the loader records them, so that errors find their positions.</remarks>
internal static class ConfigTree
{
    /// <summary>The <c>binds[i]</c>.</summary>
    public static IEnumerable<(BindConfig Bind, ConfigPath Path)> Binds(GatewayConfig config)
    {
        var binds = ConfigPath.Root.Property("binds");
        for (var i = 0; i < config.Binds.Count; i++)
        {
            yield return (config.Binds[i], binds.Index(i));
        }
    }

    /// <summary>The <c>binds[i].listeners[j]</c>.</summary>
    public static IEnumerable<(ListenerConfig Listener, ConfigPath Path)> Listeners(GatewayConfig config)
    {
        foreach (var (bind, bindPath) in Binds(config))
        {
            var listeners = bindPath.Property("listeners");
            for (var i = 0; i < bind.Listeners.Count; i++)
            {
                yield return (bind.Listeners[i], listeners.Index(i));
            }
        }
    }

    /// <summary>The <c>binds[i].listeners[j].routes[k]</c>.</summary>
    public static IEnumerable<(RouteConfig Route, ConfigPath Path)> Routes(GatewayConfig config)
    {
        foreach (var (listener, listenerPath) in Listeners(config))
        {
            var routes = listenerPath.Property("routes");
            for (var i = 0; i < listener.Routes.Count; i++)
            {
                yield return (listener.Routes[i], routes.Index(i));
            }
        }
    }

    /// <summary>The <c>...routes[k].backends[l]</c>.</summary>
    public static IEnumerable<(RouteBackendConfig Backend, ConfigPath Path)> RouteBackends(GatewayConfig config)
    {
        foreach (var (route, routePath) in Routes(config))
        {
            var backends = routePath.Property("backends");
            for (var i = 0; i < route.Backends.Count; i++)
            {
                yield return (route.Backends[i], backends.Index(i));
            }
        }
    }

    /// <summary>The <c>...backends[l].mcp</c> that are set.</summary>
    public static IEnumerable<(McpBackendConfig Backend, ConfigPath Path)> McpBackends(GatewayConfig config)
    {
        foreach (var (backend, backendPath) in RouteBackends(config))
        {
            if (backend.Mcp is { } mcp)
            {
                yield return (mcp, backendPath.Property("mcp"));
            }
        }
    }

    /// <summary>Every MCP target: <c>...backends[l].mcp.targets[m]</c> and <c>mcp.targets[m]</c> of the shortcut.</summary>
    public static IEnumerable<(McpTargetConfig Target, ConfigPath Path)> McpTargets(GatewayConfig config)
    {
        foreach (var (backend, backendPath) in McpBackends(config))
        {
            foreach (var target in Targets(backend.Targets, backendPath))
            {
                yield return target;
            }
        }

        if (config.Mcp is { } shortcut)
        {
            foreach (var target in Targets(shortcut.Targets, ConfigPath.Root.Property("mcp")))
            {
                yield return target;
            }
        }
    }

    private static IEnumerable<(McpTargetConfig Target, ConfigPath Path)> Targets(IReadOnlyList<McpTargetConfig> targets, ConfigPath backendPath)
    {
        var targetsPath = backendPath.Property("targets");
        for (var i = 0; i < targets.Count; i++)
        {
            yield return (targets[i], targetsPath.Index(i));
        }
    }

    /// <summary>Every policy block: <c>...listeners[j].policies</c>, <c>...routes[k].policies</c> and <c>mcp.policies</c>.</summary>
    public static IEnumerable<(PolicyConfig Policies, ConfigPath Path)> Policies(GatewayConfig config)
    {
        foreach (var (listener, listenerPath) in Listeners(config))
        {
            if (listener.Policies is { } policies)
            {
                yield return (policies, listenerPath.Property("policies"));
            }
        }

        foreach (var (route, routePath) in Routes(config))
        {
            if (route.Policies is { } policies)
            {
                yield return (policies, routePath.Property("policies"));
            }
        }

        foreach (var (backend, backendPath) in RouteBackends(config))
        {
            if (backend.Policies is { } policies)
            {
                yield return (policies, backendPath.Property("policies"));
            }
        }

        if (config.Mcp?.Policies is { } shortcutPolicies)
        {
            yield return (shortcutPolicies, ConfigPath.Root.Property("mcp").Property("policies"));
        }
    }
}
