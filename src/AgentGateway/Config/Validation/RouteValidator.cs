using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>Checks routes: host names, matches (path, method, headers) and backends (one MCP backend, or weighted HTTP backends).</summary>
internal sealed class RouteValidator : IConfigSectionValidator
{
    private static readonly string[] s_standardMethods = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        foreach (var (route, path) in ConfigTree.Routes(config))
        {
            ValidateHostnames(route, path, context);
            ValidateBackends(route, path, context);

            var matches = path.Property("matches");
            for (var i = 0; i < route.Matches.Count; i++)
            {
                ValidateMatch(route.Matches[i], matches.Index(i), context);
            }
        }
    }

    private static void ValidateHostnames(RouteConfig route, ConfigPath path, ConfigValidationContext context)
    {
        var hostnames = path.Property("hostnames");
        for (var i = 0; i < route.Hostnames.Count; i++)
        {
            var hostname = route.Hostnames[i];
            if (!ConfigRules.IsHostnamePattern(hostname))
            {
                context.AddError(hostnames.Index(i),
                    $"hostname '{hostname}' is not a host name; write a DNS name such as 'mcp.example.com' or a " +
                    "wildcard such as '*.example.com', without scheme, port or path");
            }
        }
    }

    private static void ValidateBackends(RouteConfig route, ConfigPath path, ConfigValidationContext context)
    {
        var backends = path.Property("backends");
        if (route.Backends.Count == 0)
        {
            if (route.Policies?.DirectResponse is null)
            {
                context.AddError(backends,
                    "a route needs a backend; add 'backends:' with one MCP backend (- mcp: {targets: [...]}) or HTTP backends " +
                    "(- host: 127.0.0.1:8080), or answer from the gateway with 'policies: {directResponse: {status: ...}}'");
            }

            return;
        }

        if (route.Policies?.DirectResponse is not null)
        {
            context.AddError(backends,
                "the route answers with 'directResponse', so its backends would never be used; remove 'backends' or 'directResponse'");
        }

        var mcpCount = route.Backends.Count(b => b.Mcp is not null);
        var hostCount = route.Backends.Count(b => b.Host is not null && b.Mcp is null);
        if (mcpCount > 0 && hostCount > 0)
        {
            context.AddError(backends,
                "a route's backends must all be of one kind, but this route mixes MCP backends ('mcp') and HTTP backends ('host'); " +
                "put the HTTP servers on a route of their own (with its own 'matches')");
        }

        var totalWeight = 0;
        for (var i = 0; i < route.Backends.Count; i++)
        {
            var backend = route.Backends[i];
            var backendPath = backends.Index(i);
            if (backend.Mcp is not null && backend.Host is not null)
            {
                context.AddError(backendPath, "a backend must be of one kind; set either 'mcp' or 'host', not both");
            }
            else if (backend.Host is { } host)
            {
                ValidateHost(host, backendPath.Property("host"), context);
                ValidateHttpBackendPolicies(backend.Policies, backendPath.Property("policies"), context);
            }
            else if (backend.Mcp is null)
            {
                context.AddError(backendPath, "the backend has no kind; add 'mcp:' with its targets, or 'host: <host>:<port>'");
            }
            else if (mcpCount > 1 && hostCount == 0 && i > 0 && route.Backends.Take(i).Any(b => b.Mcp is not null))
            {
                context.AddError(backendPath,
                    "a route can have only one MCP backend; put all MCP servers into the 'targets' of one MCP backend, or add another route");
            }

            if (backend.Weight is < 0)
            {
                context.AddError(backendPath.Property("weight"), $"weight {backend.Weight} is negative; use 0 or more (default 1)");
            }

            totalWeight += backend.Host is not null ? Math.Max(0, backend.Weight ?? 1) : 0;
        }

        if (hostCount > 0 && mcpCount == 0 && totalWeight == 0 && !route.Backends.Any(b => b.Weight < 0))
        {
            context.AddError(backends, "every HTTP backend of the route has weight 0, so no request could be served; give at least one a weight above 0");
        }
    }

    /// <summary>An HTTP backend is <c>host:port</c>: no scheme, no path (TLS to backends is configured with <c>backendTLS</c>).</summary>
    private static void ValidateHost(string host, ConfigPath path, ConfigValidationContext context)
    {
        if (host.Contains("://", StringComparison.Ordinal))
        {
            context.AddError(path, $"'{host}' has a scheme; write the backend as host:port (e.g. '127.0.0.1:8080'), without 'http://' and without a path");
        }
        else if (!ConfigRules.TryParseHostPort(host, out _, out var port))
        {
            context.AddError(path, $"'{host}' is not host:port; write e.g. '127.0.0.1:8080', 'api.internal:9000' or '[::1]:8080'");
        }
        else if (!ConfigRules.IsValidPort(port))
        {
            context.AddError(path, ConfigRules.PortOutOfRange(port));
        }
    }

    /// <summary>On an HTTP backend only <c>authorization</c> and <c>backendAuth</c> mean something; the rest would be ignored, so it is refused.</summary>
    private static void ValidateHttpBackendPolicies(PolicyConfig? policies, ConfigPath path, ConfigValidationContext context)
    {
        if (policies is null)
        {
            return;
        }

        // Authentication has its own error (AuthenticationPolicyValidator); the route-only policies have HttpPolicyValidator's.
        foreach (var (key, set) in (ReadOnlySpan<(string, bool)>)[
            ("mcpAuthorization", policies.McpAuthorization is not null), ("cors", policies.Cors is not null), ("timeout", policies.Timeout is not null)])
        {
            if (set)
            {
                context.AddError(path.Property(key),
                    $"'{key}' is not a policy of an HTTP backend (only 'authorization' and 'backendAuth' are); move it to the route's 'policies'");
            }
        }
    }

    private static void ValidateMatch(RouteMatchConfig match, ConfigPath path, ConfigValidationContext context)
    {
        if (match.Path is { } pathMatch)
        {
            ValidatePathMatch(pathMatch, path.Property("path"), context);
        }

        if (match.Method is { } method)
        {
            ValidateMethod(method, path.Property("method"), context);
        }

        var headers = path.Property("headers");
        for (var i = 0; i < match.Headers.Count; i++)
        {
            ValidateHeaderMatch(match.Headers[i], headers.Index(i), context);
        }
    }

    private static void ValidatePathMatch(PathMatchConfig match, ConfigPath path, ConfigValidationContext context)
    {
        var set = new List<string>(3);
        if (match.Exact is not null)
        {
            set.Add("exact");
        }

        if (match.PathPrefix is not null)
        {
            set.Add("pathPrefix");
        }

        if (match.Regex is not null)
        {
            set.Add("regex");
        }

        if (set.Count != 1)
        {
            context.AddError(path, set.Count == 0
                ? "a path match needs exactly one of 'exact', 'pathPrefix' or 'regex'; add one, e.g. 'pathPrefix: /mcp'"
                : $"a path match needs exactly one of 'exact', 'pathPrefix' or 'regex', but sets {string.Join(" and ", set.Select(k => $"'{k}'"))}; keep only one");
        }

        CheckStartsWithSlash(match.Exact, path.Property("exact"), context);
        CheckStartsWithSlash(match.PathPrefix, path.Property("pathPrefix"), context);
        if (match.Regex is { } regex && ConfigRules.GetRegexError(regex) is { } reason)
        {
            context.AddError(path.Property("regex"), ConfigRules.InvalidRegex(regex, reason));
        }
    }

    private static void CheckStartsWithSlash(string? value, ConfigPath path, ConfigValidationContext context)
    {
        if (value is not null && !value.StartsWith('/'))
        {
            context.AddError(path, $"path '{value}' must start with '/'; write '/{value.TrimStart('/')}'");
        }
    }

    private static void ValidateMethod(string method, ConfigPath path, ConfigValidationContext context)
    {
        if (!ConfigRules.IsHttpToken(method))
        {
            context.AddError(path, $"'{method}' is not a valid HTTP method; use a method name such as GET or POST");
        }
        else if (Array.IndexOf(s_standardMethods, method.ToUpperInvariant()) >= 0 && !s_standardMethods.Contains(method))
        {
            context.AddError(path, $"method '{method}' is not upper-case, and HTTP methods are case-sensitive; write '{method.ToUpperInvariant()}'");
        }
    }

    private static void ValidateHeaderMatch(HeaderMatchConfig match, ConfigPath path, ConfigValidationContext context)
    {
        if (match.Name.Length == 0)
        {
            context.AddError(path.Property("name"), "a header match needs a name; add e.g. 'name: x-tenant'");
        }
        else if (!ConfigRules.IsHttpToken(match.Name))
        {
            context.AddError(path.Property("name"),
                $"'{match.Name}' is not a valid header name; use letters, digits and '-' (e.g. 'x-tenant')");
        }

        var valuePath = path.Property("value");
        if (match.Value is not { } value)
        {
            context.AddError(valuePath, "a header match needs a value; add 'value: {exact: ...}' or 'value: {regex: ...}'");
            return;
        }

        if ((value.Exact is null) == (value.Regex is null))
        {
            context.AddError(valuePath, value.Exact is null
                ? "a header value match needs exactly one of 'exact' or 'regex'; add one"
                : "a header value match needs exactly one of 'exact' or 'regex', but sets both; keep only one");
        }

        if (value.Regex is { } regex && ConfigRules.GetRegexError(regex) is { } reason)
        {
            context.AddError(valuePath.Property("regex"), ConfigRules.InvalidRegex(regex, reason));
        }
    }
}
