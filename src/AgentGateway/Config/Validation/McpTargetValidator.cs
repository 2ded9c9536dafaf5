using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>
/// Checks MCP targets: the name (the reference's rule), exactly one transport, and the transport's settings.
/// </summary>
internal sealed class McpTargetValidator : IConfigSectionValidator
{
    /// <summary>The longest target name, as a Gateway API section name.</summary>
    public const int MaxNameLength = 63;

    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        foreach (var (target, path) in ConfigTree.McpTargets(config))
        {
            if (GetNameError(target.Name) is { } nameError)
            {
                context.AddError(path.Property("name"), nameError);
            }

            var transports = new List<string>(3);
            if (target.Stdio is not null)
            {
                transports.Add("stdio");
            }

            if (target.Sse is not null)
            {
                transports.Add("sse");
            }

            if (target.Mcp is not null)
            {
                transports.Add("mcp");
            }

            var label = target.Name.Length > 0 ? $"target '{target.Name}'" : "the target";
            if (transports.Count == 0)
            {
                context.AddError(path,
                    $"{label} has no transport; set exactly one of 'stdio' (a local command), 'sse' or 'mcp' (a remote server)");
            }
            else if (transports.Count > 1)
            {
                context.AddError(path,
                    $"{label} sets {string.Join(" and ", transports.Select(t => $"'{t}'"))}; set exactly one transport, " +
                    "or split it into several targets");
            }

            if (target.Stdio is { } stdio)
            {
                ValidateStdio(stdio, path.Property("stdio"), context);
            }

            if (target.Sse is { } sse)
            {
                ValidateHttp(sse, path.Property("sse"), "/sse", context);
            }

            if (target.Mcp is { } mcp)
            {
                ValidateHttp(mcp, path.Property("mcp"), "/mcp", context);
            }
        }
    }

    /// <summary>
    /// The reference's rule for target names (a Gateway API section name): lowercase letters, digits, <c>-</c> and
    /// <c>.</c>, starting and ending with a letter or digit, at most 63 characters. <c>_</c> and <c>+</c> are refused
    /// with their own message because the relay uses them to prefix names (<c>target_tool</c>, <c>target+uri</c>).
    /// </summary>
    /// <returns>Why <paramref name="name"/> is invalid, or null when it is valid.</returns>
    internal static string? GetNameError(string name)
    {
        if (name.Length == 0)
        {
            return "a target needs a name (lowercase letters, digits, '-' and '.'); add e.g. 'name: my-server'";
        }

        var separator = name.IndexOfAny(['_', '+']);
        if (separator >= 0)
        {
            var suggestion = name.Replace('_', '-').Replace('+', '-').ToLowerInvariant().Trim('-', '.');
            return $"target name '{name}' contains '{name[separator]}', which is reserved as a prefix separator " +
                $"(tools are exposed as '<target>_<tool>' and resources as '<target>+<uri>'); use '-' instead" +
                (suggestion.Length > 0 ? $", e.g. '{suggestion}'" : "");
        }

        if (name.Length > MaxNameLength)
        {
            return $"target name '{name}' is {name.Length} characters long; use at most {MaxNameLength}";
        }

        if (name.Any(char.IsAsciiLetterUpper))
        {
            return $"target name '{name}' has upper-case letters; use lowercase, e.g. '{name.ToLowerInvariant()}'";
        }

        var validChars = name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.');
        if (!validChars || !char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            return $"target name '{name}' is invalid; use lowercase letters, digits, '-' and '.', starting and " +
                "ending with a letter or digit (e.g. 'my-server')";
        }

        return null;
    }

    private static void ValidateStdio(StdioTargetConfig stdio, ConfigPath path, ConfigValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(stdio.Cmd))
        {
            context.AddError(path.Property("cmd"),
                "stdio targets need 'cmd', the command that starts the MCP server (e.g. 'cmd: npx')");
        }
        else if (stdio.Cmd.Contains('\0', StringComparison.Ordinal))
        {
            context.AddError(path.Property("cmd"), "the command contains a NUL character; remove it");
        }

        var args = path.Property("args");
        for (var i = 0; i < stdio.Args.Count; i++)
        {
            if (stdio.Args[i].Contains('\0', StringComparison.Ordinal))
            {
                context.AddError(args.Index(i), "the argument contains a NUL character; remove it");
            }
        }

        var env = path.Property("env");
        foreach (var (key, value) in stdio.Env)
        {
            if (key.Length == 0 || key.Contains('=', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal))
            {
                context.AddError(env.Property(key),
                    $"environment variable name '{key}' is invalid; a name must be non-empty and contain no '=' or NUL character");
            }
            else if (value.Contains('\0', StringComparison.Ordinal))
            {
                context.AddError(env.Property(key), $"the value of environment variable '{key}' contains a NUL character; remove it");
            }
        }
    }

    private static void ValidateHttp(HttpTargetConfig http, ConfigPath path, string defaultPath, ConfigValidationContext context)
    {
        var hostPath = path.Property("host");
        if (string.IsNullOrWhiteSpace(http.Host))
        {
            context.AddError(hostPath,
                $"'host' is required: a URL such as 'https://mcp.example.com{defaultPath}', or a host name with optional 'port' and 'path'");
        }
        else if (http.Host.Contains("://", StringComparison.Ordinal))
        {
            ValidateUrlHost(http, path, context);
        }
        else if (!ConfigRules.IsHostName(http.Host))
        {
            var colon = http.Host.LastIndexOf(':');
            var looksLikeHostPort = colon > 0 && !http.Host.StartsWith('[') && http.Host.IndexOf(':') == colon;
            context.AddError(hostPath, looksLikeHostPort
                ? $"host '{http.Host}' contains a port; set 'port: {http.Host[(colon + 1)..]}' separately, or write a URL " +
                  $"such as 'http://{http.Host}{defaultPath}'"
                : $"host '{http.Host}' is neither an http(s) URL nor a host name; write e.g. 'https://mcp.example.com{defaultPath}' " +
                  "or 'mcp.example.com' with 'port' and 'path'");
        }

        if (http.Port is { } port && !ConfigRules.IsValidPort(port))
        {
            context.AddError(path.Property("port"), ConfigRules.PortOutOfRange(port));
        }

        if (http.Path is { } urlPath && !urlPath.StartsWith('/'))
        {
            context.AddError(path.Property("path"), $"path '{urlPath}' must start with '/'; write '/{urlPath.TrimStart('/')}'");
        }
    }

    private static void ValidateUrlHost(HttpTargetConfig http, ConfigPath path, ConfigValidationContext context)
    {
        if (!Uri.TryCreate(http.Host, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0)
        {
            context.AddError(path.Property("host"),
                $"host '{http.Host}' is not a valid http or https URL; write e.g. 'https://mcp.example.com/mcp'");
            return;
        }

        if (http.Port is not null)
        {
            context.AddError(path.Property("port"),
                "'port' cannot be combined with a URL in 'host'; put the port in the URL (e.g. 'https://mcp.example.com:8443/mcp') and remove 'port'");
        }

        if (http.Path is not null)
        {
            context.AddError(path.Property("path"),
                "'path' cannot be combined with a URL in 'host'; put the path in the URL (e.g. 'https://mcp.example.com/mcp') and remove 'path'");
        }
    }
}
