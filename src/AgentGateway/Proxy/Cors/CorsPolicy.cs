using System.Globalization;
using AgentGateway.Config.Model;
using Microsoft.Extensions.Primitives;

namespace AgentGateway.Proxy.Cors;

/// <summary>
/// A route's compiled <c>cors</c> policy. Preflights are answered here, before authentication; other cross-origin
/// requests get their <c>Access-Control-*</c> headers before the backend writes the response. Immutable.
/// </summary>
internal sealed class CorsPolicy
{
    /// <summary>Request headers MCP clients send; always allowed.</summary>
    private static readonly string[] s_mcpRequestHeaders = ["accept", "authorization", "content-type", "last-event-id", "mcp-protocol-version", "mcp-session-id", "mcp-method", "mcp-name"];

    /// <summary>Response headers MCP clients read; always exposed.</summary>
    private static readonly string[] s_mcpResponseHeaders = ["Mcp-Session-Id", "WWW-Authenticate"];

    private readonly bool _anyOrigin;
    private readonly HashSet<string> _origins;
    private readonly (string Scheme, string Suffix)[] _wildcards;
    private readonly bool _credentials;
    private readonly string _allowMethods;
    private readonly string? _allowHeaders;
    private readonly string _exposeHeaders;
    private readonly string? _maxAge;

    public CorsPolicy(CorsConfig config)
    {
        _anyOrigin = config.AllowOrigins.Contains("*");
        _origins = new HashSet<string>(config.AllowOrigins.Where(o => o != "*" && !o.Contains("://*.", StringComparison.Ordinal)).Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
        _wildcards = [.. config.AllowOrigins.Where(o => o.Contains("://*.", StringComparison.Ordinal)).Select(o =>
        {
            var separator = o.IndexOf("://*.", StringComparison.Ordinal);
            return (o[..separator], o[(separator + 4)..].TrimEnd('/'));
        })];
        _credentials = config.AllowCredentials;
        _allowMethods = config.AllowMethods.Count == 0 ? "GET, POST, DELETE, OPTIONS" : string.Join(", ", config.AllowMethods);
        if (config.AllowHeaders.Contains("*"))
        {
            _allowHeaders = null;
        }
        else
        {
            var allowed = new HashSet<string>(config.AllowHeaders.Concat(s_mcpRequestHeaders), StringComparer.OrdinalIgnoreCase);
            _allowHeaders = string.Join(", ", allowed.Order(StringComparer.Ordinal));
        }

        _exposeHeaders = string.Join(", ", config.ExposeHeaders.Concat(s_mcpResponseHeaders).Distinct(StringComparer.OrdinalIgnoreCase));
        _maxAge = config.MaxAge is { } maxAge ? ((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Whether the request is a CORS preflight (OPTIONS with <c>Origin</c> and <c>Access-Control-Request-Method</c>).</summary>
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method) && request.Headers.Origin.Count > 0 && request.Headers.AccessControlRequestMethod.Count > 0;

    /// <summary>
    /// Answers a preflight: 204 with the allowed methods and headers when the origin is allowed; 204 without any
    /// <c>Access-Control-*</c> header otherwise (the browser then refuses the request itself).
    /// </summary>
    public void WritePreflight(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status204NoContent;
        response.Headers.Vary = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
        if (!AllowOrigin(context.Request.Headers.Origin, response))
        {
            return;
        }

        response.Headers.AccessControlAllowMethods = _allowMethods;
        response.Headers.AccessControlAllowHeaders = _allowHeaders ?? RequestedHeaders(context.Request);
        if (_maxAge is not null)
        {
            response.Headers.AccessControlMaxAge = _maxAge;
        }
    }

    /// <summary>Adds the CORS headers of an actual (non-preflight) request from an allowed origin.</summary>
    public void ApplyToResponse(HttpContext context)
    {
        var origin = context.Request.Headers.Origin;
        if (origin.Count == 0)
        {
            return;
        }

        context.Response.Headers.Vary = "Origin";
        if (AllowOrigin(origin, context.Response))
        {
            context.Response.Headers.AccessControlExposeHeaders = _exposeHeaders;
        }
    }

    private bool AllowOrigin(StringValues originHeader, HttpResponse response)
    {
        if (originHeader.Count != 1 || originHeader[0] is not { Length: > 0 } origin || !IsAllowed(origin))
        {
            return false;
        }

        response.Headers.AccessControlAllowOrigin = _anyOrigin && !_credentials ? "*" : origin;
        if (_credentials)
        {
            response.Headers.AccessControlAllowCredentials = "true";
        }

        return true;
    }

    /// <summary>Whether <paramref name="origin"/> (<c>scheme://host[:port]</c>) is allowed.</summary>
    internal bool IsAllowed(string origin)
    {
        if (_anyOrigin || _origins.Contains(origin))
        {
            return true;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }

        foreach (var (scheme, suffix) in _wildcards)
        {
            // https://*.example.com allows https://a.example.com and https://a.b.example.com, not https://example.com.
            if (uri.Scheme.Equals(scheme, StringComparison.OrdinalIgnoreCase)
                && uri.Authority.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && uri.Authority.Length > suffix.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>With <c>allowHeaders: ['*']</c>, the headers the preflight asks for (token characters only).</summary>
    private static string RequestedHeaders(HttpRequest request)
    {
        var requested = request.Headers.AccessControlRequestHeaders.ToString();
        return requested.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ',' or ' ' or '.') ? requested : string.Join(", ", s_mcpRequestHeaders);
    }
}
