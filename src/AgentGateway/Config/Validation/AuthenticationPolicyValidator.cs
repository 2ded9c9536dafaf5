using System.Text.Json;
using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>Checks <c>mcpAuthentication</c> and <c>jwtAuth</c> wherever they are attached.</summary>
internal sealed class AuthenticationPolicyValidator : IConfigSectionValidator
{
    /// <summary>Claims that <c>requiredClaims</c> may name.</summary>
    public static readonly IReadOnlyList<string> KnownRequiredClaims = ["exp", "nbf", "iat", "iss", "aud", "sub", "jti"];

    /// <summary>The largest clock skew accepted.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The largest JWKS file or inline document read.</summary>
    public const int MaxJwksBytes = 1024 * 1024;

    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        foreach (var (backend, backendPath) in ConfigTree.RouteBackends(config))
        {
            foreach (var key in (ReadOnlySpan<string>)["mcpAuthentication", "jwtAuth"])
            {
                if (key == "mcpAuthentication" ? backend.Policies?.McpAuthentication is not null : backend.Policies?.JwtAuth is not null)
                {
                    context.AddError(backendPath.Property("policies").Property(key),
                        $"'{key}' authenticates requests, which happens once per request before a backend is chosen; move it to the route's or the listener's policies");
                }
            }
        }

        foreach (var (policies, path) in ConfigTree.Policies(config))
        {
            if (policies.McpAuthentication is not null && policies.JwtAuth is not null)
            {
                context.AddError(path.Property("jwtAuth"),
                    "'mcpAuthentication' and 'jwtAuth' are both set; a request is authenticated once, so keep one (mcpAuthentication for MCP routes)");
            }

            if (policies.McpAuthentication is { } mcp)
            {
                ValidateMcp(mcp, path.Property("mcpAuthentication"), context);
            }

            if (policies.JwtAuth is { } jwt)
            {
                ValidateJwt(jwt, path.Property("jwtAuth"), context);
            }
        }
    }

    private static void ValidateMcp(McpAuthenticationConfig mcp, ConfigPath path, ConfigValidationContext context)
    {
        var issuerPath = path.Property("issuer");
        if (string.IsNullOrWhiteSpace(mcp.Issuer))
        {
            context.AddError(issuerPath, "'issuer' is required: the exact 'iss' of the tokens, e.g. https://your-tenant.auth0.com/ (with Auth0's trailing slash)");
        }
        else if (!Uri.TryCreate(mcp.Issuer, UriKind.Absolute, out var issuer) || issuer.Scheme is not ("https" or "http"))
        {
            context.AddError(issuerPath, $"'{mcp.Issuer}' is not an absolute http(s) URL; MCP clients discover the authorization server from it (e.g. https://your-tenant.auth0.com/)");
        }

        if (mcp.Audiences.Count == 0)
        {
            context.AddError(path.Property("audiences"),
                "at least one audience is required: MCP servers must refuse tokens not issued for them (e.g. audiences: [https://api.example.com])");
        }

        ValidateAudiences(mcp.Audiences, path.Property("audiences"), context);

        var providers = new List<string>(4);
        if (mcp.Provider is { } provider)
        {
            if (provider.Auth0 is not null) providers.Add("auth0");
            if (provider.Keycloak is not null) providers.Add("keycloak");
            if (provider.Okta is not null) providers.Add("okta");
            if (provider.Entra is not null) providers.Add("entra");
            if (providers.Count != 1)
            {
                context.AddError(path.Property("provider"), providers.Count == 0
                    ? "'provider' names no provider; write one of {auth0: {}}, {keycloak: {}}, {okta: {}} or {entra: {}}"
                    : $"'provider' names {string.Join(" and ", providers)}; keep exactly one");
            }
        }

        if (mcp.Jwks is { } jwks)
        {
            ValidateJwks(jwks, path.Property("jwks"), context);
        }
        else if (!string.IsNullOrWhiteSpace(mcp.Issuer) && providers.Count <= 1)
        {
            var derived = JwksLocations.Derive(mcp.Issuer, mcp.Provider, out var error);
            if (derived is null)
            {
                context.AddError(issuerPath, error!);
            }
            else if (!JwksLocations.IsAllowedFetchUrl(derived))
            {
                context.AddError(issuerPath,
                    $"the keys would be fetched from {derived} over plain http, where anyone on the path could replace them; use an https issuer, or set 'jwks' (a file, or an https URL)");
            }
        }

        if (mcp.ResourceMetadata is { } metadata)
        {
            var metadataPath = path.Property("resourceMetadata");
            CheckUrl(metadata.Resource, metadataPath.Property("resource"), context);
            CheckUrl(metadata.JwksUri, metadataPath.Property("jwksUri"), context);
            CheckUrl(metadata.ResourceDocumentation, metadataPath.Property("resourceDocumentation"), context);
            CheckUrl(metadata.ResourcePolicyUri, metadataPath.Property("resourcePolicyUri"), context);
            CheckUrl(metadata.ResourceTosUri, metadataPath.Property("resourceTosUri"), context);
            for (var i = 0; i < (metadata.AuthorizationServers?.Count ?? 0); i++)
            {
                CheckUrl(metadata.AuthorizationServers![i], metadataPath.Property("authorizationServers").Index(i), context);
            }

            if (metadata.Resource is { } resource && Uri.TryCreate(resource, UriKind.Absolute, out var resourceUri) && resourceUri.Fragment.Length > 0)
            {
                context.AddError(metadataPath.Property("resource"), "the resource URL must not have a fragment (RFC 8707); remove the '#…' part");
            }
        }

        ValidateOptions(mcp.JwtValidationOptions, path.Property("jwtValidationOptions"), context);
    }

    private static void ValidateJwt(JwtAuthConfig jwt, ConfigPath path, ConfigValidationContext context)
    {
        if (jwt.Location is { } location)
        {
            var count = (location.Header is null ? 0 : 1) + (location.QueryParameter is null ? 0 : 1) + (location.Cookie is null ? 0 : 1);
            if (count != 1)
            {
                context.AddError(path.Property("location"), "'location' must set exactly one of 'header', 'queryParameter' or 'cookie'");
            }

            if (location.Header is { } header && !ConfigRules.IsHttpToken(header.Name))
            {
                context.AddError(path.Property("location").Property("header").Property("name"), $"'{header.Name}' is not a valid header name");
            }

            if (location.QueryParameter is { Name.Length: 0 })
            {
                context.AddError(path.Property("location").Property("queryParameter").Property("name"), "the query parameter needs a name");
            }

            if (location.Cookie is { Name.Length: 0 })
            {
                context.AddError(path.Property("location").Property("cookie").Property("name"), "the cookie needs a name");
            }
        }

        var single = jwt.Issuer is not null || jwt.Jwks is not null || jwt.Audiences.Count > 0 || jwt.JwtValidationOptions is not null;
        if (jwt.Providers is { } providers)
        {
            if (single)
            {
                context.AddError(path.Property("providers"),
                    "'providers' and a top-level 'issuer'/'audiences'/'jwks' are both set; move the top-level issuer into 'providers'");
            }

            if (providers.Count == 0)
            {
                context.AddError(path.Property("providers"), "'providers' is empty; list at least one issuer");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < providers.Count; i++)
            {
                var providerPath = path.Property("providers").Index(i);
                ValidateProvider(providers[i].Issuer, providers[i].Audiences, providers[i].Jwks, providers[i].JwtValidationOptions, providerPath, context);
                if (providers[i].Issuer.Length > 0 && !seen.Add(providers[i].Issuer))
                {
                    context.AddError(providerPath.Property("issuer"), $"issuer '{providers[i].Issuer}' is listed twice; a token picks its provider by issuer, so keep one");
                }
            }
        }
        else
        {
            ValidateProvider(jwt.Issuer ?? "", jwt.Audiences, jwt.Jwks, jwt.JwtValidationOptions, path, context);
        }
    }

    private static void ValidateProvider(
        string issuer, IReadOnlyList<string> audiences, JwksSourceConfig? jwks, JwtValidationOptionsConfig? options, ConfigPath path, ConfigValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(issuer))
        {
            context.AddError(path.Property("issuer"), "'issuer' is required: the exact 'iss' of the tokens");
        }

        ValidateAudiences(audiences, path.Property("audiences"), context);
        if (jwks is null)
        {
            context.AddError(path.Property("jwks"), "'jwks' is required: {url: https://…}, {file: jwks.json} or the JWKS JSON itself");
        }
        else
        {
            ValidateJwks(jwks, path.Property("jwks"), context);
        }

        ValidateOptions(options, path.Property("jwtValidationOptions"), context);
    }

    private static void ValidateAudiences(IReadOnlyList<string> audiences, ConfigPath path, ConfigValidationContext context)
    {
        for (var i = 0; i < audiences.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(audiences[i]))
            {
                context.AddError(path.Index(i), "an audience cannot be empty");
            }
        }
    }

    private static void ValidateJwks(JwksSourceConfig jwks, ConfigPath path, ConfigValidationContext context)
    {
        var count = (jwks.Url is null ? 0 : 1) + (jwks.File is null ? 0 : 1) + (jwks.Inline is null ? 0 : 1);
        if (count != 1)
        {
            context.AddError(path, "set exactly one of 'url', 'file' or the JWKS JSON itself");
            return;
        }

        if (jwks.Url is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                context.AddError(path.Property("url"), $"'{url}' is not an absolute http(s) URL");
            }
            else if (!JwksLocations.IsAllowedFetchUrl(uri))
            {
                context.AddError(path.Property("url"),
                    $"'{url}' is plain http to a non-loopback host: anyone on the path could replace the keys; use https, or a file");
            }
        }
        else if (jwks.File is { } file)
        {
            var full = ConfigFilePaths.Resolve(context.SourceMap.SourceName, file);
            try
            {
                var info = new FileInfo(full);
                if (!info.Exists)
                {
                    context.AddError(path.Property("file"), $"JWKS file '{full}' does not exist (relative paths are relative to the configuration file)");
                }
                else if (info.Length > MaxJwksBytes)
                {
                    context.AddError(path.Property("file"), $"JWKS file '{full}' is larger than {MaxJwksBytes / 1024} KiB");
                }
                else if (GetJwksError(File.ReadAllText(full)) is { } error)
                {
                    context.AddError(path.Property("file"), $"JWKS file '{full}': {error}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.AddError(path.Property("file"), $"cannot read JWKS file '{full}': {ex.Message}");
            }
        }
        else if (GetJwksError(jwks.Inline!) is { } error)
        {
            context.AddError(path, $"inline JWKS: {error}");
        }
    }

    /// <summary>Why <paramref name="json"/> is not a JWKS document, or null when it is one (keys are checked when loaded).</summary>
    internal static string? GetJwksError(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                return "not a JWKS document; expected {\"keys\": [ … ]}";
            }

            return keys.GetArrayLength() == 0 ? "the key set is empty" : null;
        }
        catch (JsonException)
        {
            return "not valid JSON; expected {\"keys\": [ … ]}";
        }
    }

    private static void ValidateOptions(JwtValidationOptionsConfig? options, ConfigPath path, ConfigValidationContext context)
    {
        if (options is null)
        {
            return;
        }

        for (var i = 0; i < (options.RequiredClaims?.Count ?? 0); i++)
        {
            var claim = options.RequiredClaims![i];
            if (!KnownRequiredClaims.Contains(claim, StringComparer.Ordinal))
            {
                context.AddError(path.Property("requiredClaims").Index(i),
                    $"'{claim}' cannot be required; use any of {string.Join(", ", KnownRequiredClaims)}");
            }
        }

        if (options.ClockSkew is { } skew && (skew < TimeSpan.Zero || skew > MaxClockSkew))
        {
            context.AddError(path.Property("clockSkew"), $"the clock skew must be between 0s and {MaxClockSkew.TotalMinutes:0}m");
        }
    }

    private static void CheckUrl(string? value, ConfigPath path, ConfigValidationContext context)
    {
        if (value is not null && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            context.AddError(path, $"'{value}' is not an absolute http(s) URL");
        }
    }
}
