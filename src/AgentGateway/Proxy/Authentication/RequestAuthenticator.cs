using AgentGateway.Config.Model;
using AgentGateway.Mcp;
using AgentGateway.Security.Authentication;
using AgentGateway.Telemetry;

namespace AgentGateway.Proxy.Authentication;

/// <summary>
/// Runs a route's authentication policy on a request: reads the token, validates it, and either attaches the
/// caller (<see cref="GatewayIdentity"/>, <see cref="McpCaller"/>) and removes the token from the request, or returns
/// the challenge of the 401. The precise reason of a refusal is logged (never the token); the client gets a generic one.
/// </summary>
internal sealed partial class RequestAuthenticator(ILogger<RequestAuthenticator> logger, GatewayMetrics? metrics = null)
{
    /// <summary>Null when the request may go on; otherwise the challenge to answer with.</summary>
    public async ValueTask<AuthenticationChallenge?> AuthenticateAsync(HttpContext context, RouteAuthentication policy, string routeKey)
    {
        var request = context.Request;
        switch (TokenReader.Read(request, policy.Location, out var token))
        {
            case TokenReadResult.Absent:
                if (policy.Mode != AuthenticationMode.Strict)
                {
                    return null;
                }

                Log.Refused(logger, routeKey, "no bearer token");
                metrics?.RecordAuthentication("missing");
                return AuthenticationChallenge.Missing(Challenge(request, policy));

            case TokenReadResult.Malformed:
                if (policy.Mode == AuthenticationMode.Permissive)
                {
                    return null;
                }

                Log.Refused(logger, routeKey, "malformed credentials");
                metrics?.RecordAuthentication("invalid:Malformed");
                return AuthenticationChallenge.InvalidRequest(Challenge(request, policy));
        }

        var result = await policy.Validator.ValidateAsync(token, context.Features.Get<JwtValidationMemo>(), context.RequestAborted);
        if (!result.IsValid)
        {
            metrics?.RecordAuthentication(InvalidOutcome(result.Reason));
            if (policy.Mode == AuthenticationMode.Permissive)
            {
                Log.PassedInvalid(logger, routeKey, result.Reason);
                return null;
            }

            Log.InvalidToken(logger, routeKey, result.Reason);
            return AuthenticationChallenge.InvalidToken(Challenge(request, policy));
        }

        metrics?.RecordAuthentication("valid");
        var identity = new GatewayIdentity(result.Issuer, result.Subject, result.Claims, result.ExpiresAt);
        context.Features.Set(identity);
        McpRequestFeature.For(context).Caller = new McpCaller(result.Principal, token);
        RemoveToken(request, policy.Location);
        Log.Authenticated(logger, routeKey, identity.Subject ?? "");
        return null;
    }

    /// <summary>The metric outcome of a refused token (one string per reason, no concatenation per request).</summary>
    private static string InvalidOutcome(JwtFailureReason reason) => s_invalidOutcomes.TryGetValue(reason, out var outcome) ? outcome : "invalid:Other";

    private static readonly System.Collections.Frozen.FrozenDictionary<JwtFailureReason, string> s_invalidOutcomes =
        System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(Enum.GetValues<JwtFailureReason>(), r => r, r => "invalid:" + r);

    /// <summary>The <c>WWW-Authenticate</c> value without an error code.</summary>
    public static string Challenge(HttpRequest request, RouteAuthentication policy)
    {
        if (policy.Kind != AuthenticationPolicyKind.Mcp)
        {
            return "Bearer";
        }

        var baseUrl = PublicBaseUrl.Resolve(request, policy.Mcp!.ResourceMetadata?.Resource);
        var path = (request.PathBase + request.Path).ToUriComponent();
        var challenge = $"Bearer resource_metadata=\"{WellKnownPaths.ProtectedResourceUrl(baseUrl, path)}\"";
        return policy.ScopeHint is { } scope ? challenge + $", scope=\"{scope.Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal)}\"" : challenge;
    }

    /// <summary>The validated token does not go upstream (MCP forbids passing it through).</summary>
    private static void RemoveToken(HttpRequest request, TokenLocation location)
    {
        switch (location.Kind)
        {
            case TokenLocationKind.Header:
                request.Headers.Remove(location.Name);
                break;
            case TokenLocationKind.QueryParameter:
                var remaining = request.Query.Where(q => !string.Equals(q.Key, location.Name, StringComparison.Ordinal))
                    .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
                request.QueryString = QueryString.Create(remaining);
                break;
            case TokenLocationKind.Cookie:
                RemoveCookie(request, location.Name);
                break;
        }
    }

    /// <summary>Rewrites the <c>Cookie</c> header(s) without the cookie named <paramref name="name"/>; other cookies go on as sent.</summary>
    private static void RemoveCookie(HttpRequest request, string name)
    {
        var kept = new List<string>();
        foreach (var header in request.Headers.Cookie)
        {
            foreach (var pair in (header ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var cookieName = equals < 0 ? pair : pair[..equals].Trim();
                if (!string.Equals(cookieName, name, StringComparison.Ordinal))
                {
                    kept.Add(pair);
                }
            }
        }

        if (kept.Count == 0)
        {
            request.Headers.Remove("Cookie");
        }
        else
        {
            request.Headers.Cookie = string.Join("; ", kept);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Route {Route}: request refused with 401 ({Reason})")]
        public static partial void Refused(ILogger logger, string route, string reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "Route {Route}: request refused with 401 (invalid token: {Reason})")]
        public static partial void InvalidToken(ILogger logger, string route, JwtFailureReason reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "Route {Route}: invalid token ignored in permissive mode ({Reason}); the request goes on as anonymous")]
        public static partial void PassedInvalid(ILogger logger, string route, JwtFailureReason reason);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Route {Route}: authenticated subject '{Subject}'")]
        public static partial void Authenticated(ILogger logger, string route, string subject);
    }
}
