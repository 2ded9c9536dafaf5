using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>
/// Checks the policies of plain HTTP routes: <c>retry</c>, <c>directResponse</c>, <c>urlRewrite</c> and <c>a2a</c> — their
/// values, and that they sit where they take effect (a policy that would be silently ignored is an error).
/// </summary>
internal sealed class HttpPolicyValidator : IConfigSectionValidator
{
    /// <summary>The largest <c>directResponse.body</c>, in bytes once decoded: a fixed answer, not a file server.</summary>
    public const int MaxDirectResponseBodyBytes = 64 * 1024;

    /// <summary>The most <c>retry.attempts</c>: more would multiply the load on a failing backend.</summary>
    public const int MaxRetryAttempts = 10;

    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        foreach (var (listener, listenerPath) in ConfigTree.Listeners(config))
        {
            if (listener.Policies is { } listenerPolicies)
            {
                RefuseRouteOnly(listenerPolicies, listenerPath.Property("policies"), "a listener", context);
            }
        }

        foreach (var (route, routePath) in ConfigTree.Routes(config))
        {
            ValidateRoute(route, routePath, context);
        }

        foreach (var (backend, backendPath) in ConfigTree.RouteBackends(config))
        {
            if (backend.Policies is { } backendPolicies)
            {
                RefuseRouteOnly(backendPolicies, backendPath.Property("policies"), "a backend", context, includeRetry: true);
            }
        }

        if (config.Mcp?.Policies is { } shortcut)
        {
            var path = ConfigPath.Root.Property("mcp").Property("policies");
            RefuseRouteOnly(shortcut, path, "the 'mcp:' shortcut", context, includeRetry: true);
        }

        foreach (var (policies, path) in ConfigTree.Policies(config))
        {
            if (policies.Retry is { } retry)
            {
                ValidateRetry(retry, path.Property("retry"), context);
            }
        }
    }

    private static void ValidateRoute(RouteConfig route, ConfigPath routePath, ConfigValidationContext context)
    {
        if (route.Policies is not { } policies)
        {
            return;
        }

        var path = routePath.Property("policies");
        if (route.Backends.Any(b => b.Mcp is not null))
        {
            foreach (var (key, set) in (ReadOnlySpan<(string, bool)>)[
                ("retry", policies.Retry is not null), ("urlRewrite", policies.UrlRewrite is not null), ("a2a", policies.A2a is not null)])
            {
                if (set)
                {
                    context.AddError(path.Property(key),
                        $"'{key}' applies to plain HTTP backends ('host'), and this route's backend is MCP; remove it, or put the HTTP servers on a route of their own");
                }
            }
        }
        else if (route.Backends.Count > 0 && policies.McpAuthorization is not null)
        {
            context.AddError(path.Property("mcpAuthorization"),
                "'mcpAuthorization' filters MCP tools, and this route's backends are plain HTTP; use 'authorization' (CEL over the request) instead");
        }

        if (policies.DirectResponse is { } direct)
        {
            ValidateDirectResponse(direct, path.Property("directResponse"), context);
            foreach (var (key, set) in (ReadOnlySpan<(string, bool)>)[
                ("retry", policies.Retry is not null), ("urlRewrite", policies.UrlRewrite is not null), ("a2a", policies.A2a is not null)])
            {
                if (set)
                {
                    context.AddError(path.Property(key), $"'{key}' applies to requests sent to a backend, and this route answers with 'directResponse'; remove one of them");
                }
            }
        }

        if (policies.UrlRewrite is { } rewrite)
        {
            ValidateUrlRewrite(rewrite, route, path.Property("urlRewrite"), context);
        }
    }

    private static void RefuseRouteOnly(PolicyConfig policies, ConfigPath path, string where, ConfigValidationContext context, bool includeRetry = false)
    {
        foreach (var (key, set) in (ReadOnlySpan<(string, bool)>)[
            ("retry", includeRetry && policies.Retry is not null), ("directResponse", policies.DirectResponse is not null),
            ("urlRewrite", policies.UrlRewrite is not null), ("a2a", policies.A2a is not null)])
        {
            if (set)
            {
                context.AddError(path.Property(key), $"'{key}' is a route policy and has no effect on {where}; move it to the 'policies' of the route it is for");
            }
        }
    }

    private static void ValidateRetry(RetryConfig retry, ConfigPath path, ConfigValidationContext context)
    {
        if (retry.Attempts is { } attempts && attempts is < 1 or > MaxRetryAttempts)
        {
            context.AddError(path.Property("attempts"),
                $"attempts {attempts} is out of range; it counts every attempt, the first included: use 1 (no retry) to {MaxRetryAttempts}");
        }

        if (retry.Backoff is { } backoff && backoff < TimeSpan.Zero)
        {
            context.AddError(path.Property("backoff"), "backoff cannot be negative (e.g. 100ms)");
        }

        var codes = path.Property("codes");
        for (var i = 0; i < retry.Codes.Count; i++)
        {
            if (retry.Codes[i] is < 400 or > 599)
            {
                context.AddError(codes.Index(i), $"{retry.Codes[i]} is not an error status; retry on statuses 400–599 (e.g. 503)");
            }
        }
    }

    private static void ValidateDirectResponse(DirectResponseConfig direct, ConfigPath path, ConfigValidationContext context)
    {
        if (direct.Status is not { } status)
        {
            context.AddError(path.Property("status"), "a direct response needs a status; add e.g. 'status: 200'");
        }
        else if (status is < 200 or > 599)
        {
            context.AddError(path.Property("status"), $"status {status} is out of range; use 200–599");
        }

        if (direct.Body is not { } body)
        {
            return;
        }

        var decoded = new byte[(body.Length / 4 * 3) + 3];
        if (!Convert.TryFromBase64String(body, decoded, out var length))
        {
            context.AddError(path.Property("body"),
                "the body is not base64; as in the reference, a direct response body is base64-encoded (write 'b2s=' for 'ok', e.g. the output of 'printf ok | base64')");
        }
        else if (length > MaxDirectResponseBodyBytes)
        {
            context.AddError(path.Property("body"),
                $"the body is {length} bytes; a direct response body is at most {MaxDirectResponseBodyBytes} bytes (serve larger content from a backend)");
        }
    }

    private static void ValidateUrlRewrite(UrlRewriteConfig rewrite, RouteConfig route, ConfigPath path, ConfigValidationContext context)
    {
        if (rewrite.Path is null && rewrite.Authority is null)
        {
            context.AddError(path, "a URL rewrite needs 'path' ({full: ...} or {prefix: ...}) or 'authority' ({full: ...}); add one or remove 'urlRewrite'");
        }

        if (rewrite.Path is { } pathRewrite)
        {
            var pathPath = path.Property("path");
            if ((pathRewrite.Full is null) == (pathRewrite.Prefix is null))
            {
                context.AddError(pathPath, pathRewrite.Full is null
                    ? "a path rewrite needs exactly one of 'full' or 'prefix'; add one"
                    : "a path rewrite needs exactly one of 'full' or 'prefix', but sets both; keep only one");
            }

            foreach (var (key, value) in (ReadOnlySpan<(string, string?)>)[("full", pathRewrite.Full), ("prefix", pathRewrite.Prefix)])
            {
                if (value is not null && (!value.StartsWith('/') || value.Contains('?') || value.Contains('#')))
                {
                    context.AddError(pathPath.Property(key), $"'{value}' is not a path; write one that starts with '/', without query or fragment (e.g. '/v2')");
                }
            }

            if (pathRewrite.Prefix is not null && route.Matches.Any(m => m.Path?.PathPrefix is null))
            {
                context.AddError(pathPath.Property("prefix"),
                    "'prefix' replaces the part of the path that the route's 'pathPrefix' matched, but a match of this route has no pathPrefix; " +
                    "give every match a 'path: {pathPrefix: ...}', or use 'full'");
            }
        }

        if (rewrite.Authority is { } authority)
        {
            var full = path.Property("authority").Property("full");
            if (authority.Full is not { } value)
            {
                context.AddError(full, "an authority rewrite needs 'full', the Host header to send (e.g. 'api.internal' or 'api.internal:8080')");
            }
            else if (!ConfigRules.IsHostName(value) && !ConfigRules.TryParseHostPort(value, out _, out _))
            {
                context.AddError(full, $"'{value}' is not host or host:port; write e.g. 'api.internal' or 'api.internal:8080'");
            }
        }
    }
}
