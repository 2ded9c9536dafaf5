using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>Checks <c>cors</c>: origins are <c>*</c>, <c>scheme://host[:port]</c> or <c>scheme://*.domain</c>; names are HTTP tokens.</summary>
internal sealed class CorsValidator : IConfigSectionValidator
{
    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        foreach (var (policies, path) in ConfigTree.Policies(config))
        {
            if (policies.Cors is not { } cors)
            {
                continue;
            }

            var corsPath = path.Property("cors");
            for (var i = 0; i < cors.AllowOrigins.Count; i++)
            {
                var origin = cors.AllowOrigins[i];
                var candidate = origin.Replace("://*.", "://wildcard.", StringComparison.Ordinal);
                if (origin != "*" && (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                    || uri.AbsolutePath.TrimEnd('/').Length > 0 || uri.Query.Length > 0))
                {
                    context.AddError(corsPath.Property("allowOrigins").Index(i),
                        $"'{origin}' is not an origin; write '*', 'https://app.example.com' (scheme, host, optional port, no path) or 'https://*.example.com'");
                }
            }

            CheckTokens(cors.AllowHeaders, corsPath.Property("allowHeaders"), "header", context);
            CheckTokens(cors.ExposeHeaders, corsPath.Property("exposeHeaders"), "header", context);
            CheckTokens(cors.AllowMethods, corsPath.Property("allowMethods"), "method", context);
            if (cors.MaxAge is { } maxAge && maxAge < TimeSpan.Zero)
            {
                context.AddError(corsPath.Property("maxAge"), "maxAge cannot be negative");
            }
        }
    }

    private static void CheckTokens(IReadOnlyList<string> values, ConfigPath path, string what, ConfigValidationContext context)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] != "*" && !ConfigRules.IsHttpToken(values[i]))
            {
                context.AddError(path.Index(i), $"'{values[i]}' is not a valid {what} name");
            }
        }
    }
}
