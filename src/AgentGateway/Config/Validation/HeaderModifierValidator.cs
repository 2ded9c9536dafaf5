using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>
/// Checks <c>requestHeaderModifier</c> and <c>responseHeaderModifier</c>: names are HTTP tokens and not headers that
/// belong to the connection or to the gateway, values are single-line ASCII, and no header is edited twice. Listener and
/// route; on an MCP target, the request modifier of an HTTP target only.
/// </summary>
internal sealed class HeaderModifierValidator : IConfigSectionValidator
{
    /// <summary>Headers of the connection, not of the message (RFC 9110 §7.6.1), plus those the HTTP stack computes.</summary>
    private static readonly HashSet<string> s_transportHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
        "proxy-authenticate", "proxy-authorization", "host", "content-length",
    };

    /// <summary>MCP session headers: the gateway reads and writes them itself.</summary>
    private static readonly HashSet<string> s_mcpHeaders = new(StringComparer.OrdinalIgnoreCase) { "mcp-session-id", "mcp-protocol-version" };

    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        foreach (var (policies, path) in ConfigTree.Policies(config))
        {
            if (policies.RequestHeaderModifier is { } request)
            {
                ValidateModifier(request, path.Property("requestHeaderModifier"), isRequest: true, context);
            }

            if (policies.ResponseHeaderModifier is { } response)
            {
                ValidateModifier(response, path.Property("responseHeaderModifier"), isRequest: false, context);
            }
        }

        foreach (var (backend, path) in ConfigTree.RouteBackends(config))
        {
            foreach (var (key, set) in (ReadOnlySpan<(string, bool)>)[
                ("requestHeaderModifier", backend.Policies?.RequestHeaderModifier is not null),
                ("responseHeaderModifier", backend.Policies?.ResponseHeaderModifier is not null)])
            {
                if (set)
                {
                    context.AddError(path.Property("policies").Property(key),
                        $"'{key}' applies to a route or a listener (and, for requests, to an HTTP MCP target); move it to the route's policies");
                }
            }
        }

        foreach (var (target, path) in ConfigTree.McpTargets(config))
        {
            if (target.Policies is not { } policies)
            {
                continue;
            }

            var policiesPath = path.Property("policies");
            if (policies.RequestHeaderModifier is { } request)
            {
                ValidateModifier(request, policiesPath.Property("requestHeaderModifier"), isRequest: true, context);
                if (target.Stdio is not null)
                {
                    context.AddError(policiesPath.Property("requestHeaderModifier"),
                        "a stdio target receives no HTTP requests; 'requestHeaderModifier' applies to 'mcp' and 'sse' targets only");
                }
            }

            if (policies.ResponseHeaderModifier is not null)
            {
                context.AddError(policiesPath.Property("responseHeaderModifier"),
                    "'responseHeaderModifier' applies to a route or a listener; move it to the route's policies");
            }
        }
    }

    private static void ValidateModifier(HeaderModifierConfig modifier, ConfigPath path, bool isRequest, ConfigValidationContext context)
    {
        var edited = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, entries) in (ReadOnlySpan<(string, IReadOnlyDictionary<string, string>)>)[("set", modifier.Set), ("add", modifier.Add)])
        {
            foreach (var (name, value) in entries)
            {
                var entryPath = path.Property(key).Property(name);
                if (CheckName(name, entryPath, isRequest, edited, $"{key}", context) && GetValueError(value) is { } valueError)
                {
                    context.AddError(entryPath, valueError);
                }
            }
        }

        for (var i = 0; i < modifier.Remove.Count; i++)
        {
            CheckName(modifier.Remove[i], path.Property("remove").Index(i), isRequest, edited, "remove", context);
        }
    }

    /// <summary>Checks one header name and records it; false when it is refused.</summary>
    private static bool CheckName(string name, ConfigPath path, bool isRequest, Dictionary<string, string> edited, string key, ConfigValidationContext context)
    {
        if (!ConfigRules.IsHttpToken(name))
        {
            context.AddError(path, $"'{name}' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)");
            return false;
        }

        if (s_transportHeaders.Contains(name))
        {
            context.AddError(path, $"'{name}' belongs to the connection and is managed by the HTTP stack; it cannot be edited");
            return false;
        }

        if (s_mcpHeaders.Contains(name))
        {
            context.AddError(path, $"'{name}' is managed by the gateway (MCP sessions); it cannot be edited");
            return false;
        }

        if (isRequest && string.Equals(name, "authorization", StringComparison.OrdinalIgnoreCase))
        {
            context.AddError(path,
                "'authorization' cannot be edited by a header modifier: the caller's token is checked by 'mcpAuthentication'/'jwtAuth', and the credential sent to a target is set with 'backendAuth'");
            return false;
        }

        if (edited.TryGetValue(name, out var first))
        {
            context.AddError(path, $"header '{name}' is already edited under '{first}'; edit each header once (use 'set' to replace a value, 'add' to append one)");
            return false;
        }

        edited[name] = key;
        return true;
    }

    private static string? GetValueError(string value)
    {
        foreach (var c in value)
        {
            if ((c < 0x20 && c != '\t') || c > 0x7E)
            {
                return c > 0x7E
                    ? "the value has non-ASCII characters; header values must be ASCII (percent-encode them)"
                    : "the value has a control character (line break or NUL); header values must be one line";
            }
        }

        return null;
    }
}
