using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>
/// Checks <c>backendAuth</c>: one kind, a usable key, a passthrough only where a token was validated, and target
/// policies that hold nothing else (and only on HTTP targets).
/// </summary>
internal sealed class BackendAuthValidator : IConfigSectionValidator
{
    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        foreach (var (policies, path) in ConfigTree.Policies(config))
        {
            if (policies.BackendAuth is { } auth)
            {
                ValidateAuth(auth, path.Property("backendAuth"), context);
            }
        }

        foreach (var (target, path) in ConfigTree.McpTargets(config))
        {
            if (target.Policies is not { } policies)
            {
                continue;
            }

            var policiesPath = path.Property("policies");
            foreach (var (key, set) in (ReadOnlySpan<(string, bool)>)[
                ("mcpAuthentication", policies.McpAuthentication is not null), ("jwtAuth", policies.JwtAuth is not null),
                ("authorization", policies.Authorization is not null), ("mcpAuthorization", policies.McpAuthorization is not null),
                ("cors", policies.Cors is not null), ("timeout", policies.Timeout is not null)])
            {
                if (set)
                {
                    context.AddError(policiesPath.Property(key), $"a target's policies may only hold 'backendAuth', 'backendTLS' and 'requestHeaderModifier'; put '{key}' on the route (or, for rules, the backend)");
                }
            }

            if (policies.BackendAuth is { } auth)
            {
                ValidateAuth(auth, policiesPath.Property("backendAuth"), context);
                if (target.Stdio is not null)
                {
                    context.AddError(policiesPath.Property("backendAuth"),
                        "'backendAuth' sets the Authorization header of HTTP requests; a stdio target gets none (pass credentials in 'env')");
                }
            }
        }

        // A passthrough needs a validated token to pass: the route (or its listener) must authenticate.
        foreach (var (listener, listenerPath) in ConfigTree.Listeners(config))
        {
            for (var r = 0; r < listener.Routes.Count; r++)
            {
                var route = listener.Routes[r];
                var routePath = listenerPath.Property("routes").Index(r);
                if (AuthenticationSet(route.Policies) || AuthenticationSet(listener.Policies))
                {
                    continue;
                }

                CheckPassthrough(listener.Policies, listenerPath.Property("policies"), context);
                CheckPassthrough(route.Policies, routePath.Property("policies"), context);
                for (var b = 0; b < route.Backends.Count; b++)
                {
                    var backendPath = routePath.Property("backends").Index(b);
                    CheckPassthrough(route.Backends[b].Policies, backendPath.Property("policies"), context);
                    var targets = route.Backends[b].Mcp?.Targets ?? [];
                    for (var t = 0; t < targets.Count; t++)
                    {
                        CheckPassthrough(targets[t].Policies, backendPath.Property("mcp").Property("targets").Index(t).Property("policies"), context);
                    }
                }
            }
        }

        if (config.Mcp is { } shortcut && !AuthenticationSet(shortcut.Policies))
        {
            CheckPassthrough(shortcut.Policies, ConfigPath.Root.Property("mcp").Property("policies"), context);
            for (var t = 0; t < shortcut.Targets.Count; t++)
            {
                CheckPassthrough(shortcut.Targets[t].Policies, ConfigPath.Root.Property("mcp").Property("targets").Index(t).Property("policies"), context);
            }
        }
    }

    private static bool AuthenticationSet(PolicyConfig? policies) => policies?.McpAuthentication is not null || policies?.JwtAuth is not null;

    private static void CheckPassthrough(PolicyConfig? policies, ConfigPath path, ConfigValidationContext context)
    {
        if (policies?.BackendAuth?.Passthrough is not null)
        {
            context.AddError(path.Property("backendAuth").Property("passthrough"),
                "'passthrough' sends on the caller's validated token, but this route validates none; add 'mcpAuthentication' (or 'jwtAuth') to the route or its listener");
        }
    }

    private static void ValidateAuth(BackendAuthConfig auth, ConfigPath path, ConfigValidationContext context)
    {
        if ((auth.Passthrough is null) == (auth.Key is null))
        {
            context.AddError(path, "set exactly one of 'passthrough: {}' (the caller's token) or 'key' (a fixed credential)");
            return;
        }

        if (auth.Key is not { } key)
        {
            return;
        }

        var keyPath = path.Property("key");
        if ((key.Value is null) == (key.File is null))
        {
            context.AddError(keyPath, "set exactly one of 'value' (e.g. value: ${API_KEY}) or 'file'");
        }
        else if (key.Value is { } value && (string.IsNullOrWhiteSpace(value) || value.Any(char.IsControl)))
        {
            context.AddError(keyPath, "the key is empty or has control characters; check the variable it comes from");
        }
        else if (key.File is { } file)
        {
            var full = ConfigFilePaths.Resolve(context.SourceMap.SourceName, file);
            try
            {
                var text = File.Exists(full) ? File.ReadAllText(full).Trim() : null;
                if (text is null)
                {
                    context.AddError(keyPath.Property("file"), $"key file '{full}' does not exist (relative paths are relative to the configuration file)");
                }
                else if (text.Length == 0 || text.Any(char.IsControl))
                {
                    context.AddError(keyPath.Property("file"), $"key file '{full}' is empty or holds more than one line");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.AddError(keyPath.Property("file"), $"cannot read key file '{full}': {ex.Message}");
            }
        }
    }
}
