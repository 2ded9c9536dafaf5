using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>Checks routes: host names, matches (path, method, headers) and the single MCP backend.</summary>
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
            context.AddError(backends,
                "a route needs exactly one backend; add 'backends:' with one MCP backend (- mcp: {targets: [...]})");
            return;
        }

        for (var i = 0; i < route.Backends.Count; i++)
        {
            var backend = route.Backends[i];
            var backendPath = backends.Index(i);
            if (i == 1)
            {
                context.AddError(backendPath,
                    "a route can have only one backend in this version (weighted load balancing is not supported yet); " +
                    "put all MCP servers into the 'targets' of one MCP backend, or add another route");
            }

            if (backend.Mcp is not null && backend.Host is not null)
            {
                context.AddError(backendPath, "a backend must be of one kind; set either 'mcp' or 'host', not both");
            }
            else if (backend.Host is not null)
            {
                context.AddError(backendPath.Property("host"),
                    "plain HTTP backends ('host') are not supported yet; only MCP backends are served. " +
                    "Use '- mcp: {targets: [{name: ..., mcp: {host: http://...}}]}' to reach an HTTP MCP server");
            }
            else if (backend.Mcp is null)
            {
                context.AddError(backendPath, "the backend has no kind; add 'mcp:' with its targets");
            }

            if (backend.Weight is < 0)
            {
                context.AddError(backendPath.Property("weight"), $"weight {backend.Weight} is negative; use 0 or more (default 1)");
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
