using AgentGateway.Proxy.Routing;
using AgentGateway.Proxy.State;

namespace AgentGateway.Proxy.Authentication;

/// <summary>
/// Answers <c>/.well-known/*</c>: the protected-resource metadata of an <c>mcpAuthentication</c> route (RFC 9728), and
/// for Auth0 and Okta the provider's authorization-server metadata (RFC 8414), rewritten. Served without authentication
/// and with CORS (browser MCP clients read them). Anything else under <c>/.well-known</c> is a 404.
/// </summary>
internal sealed class WellKnownEndpoints(AuthorizationServerMetadataProxy authorizationServers)
{
    /// <summary>Answers the request; <paramref name="route"/> is the route it matched, if any.</summary>
    public async Task HandleAsync(HttpContext context, GatewaySnapshot snapshot, RouteModel? route)
    {
        var request = context.Request;
        var response = context.Response;
        if (!WellKnownPaths.TryParse(request.Path.Value ?? "", out var document, out var resourcePath))
        {
            await ProxyErrorWriter.WriteAsync(context, route is null ? ProxyError.NoRoute : ProxyError.WellKnownNotFound);
            return;
        }

        // The document is about the route serving the path after the well-known prefix (RFC 9728 §3.1 path insertion):
        // /.well-known/oauth-protected-resource/mcp describes the route of /mcp. The root form describes the route of
        // "/", or the route the request itself matched.
        var policy = RouteSelector.SelectForPath(snapshot, context, resourcePath.Length == 0 ? "/" : resourcePath)?.Authentication;
        if (policy?.Kind != AuthenticationPolicyKind.Mcp && resourcePath.Length == 0)
        {
            policy = route?.Authentication;
        }

        if (policy is not { Kind: AuthenticationPolicyKind.Mcp }
            || (document == WellKnownPaths.AuthorizationServer && !policy.ProxiesAuthorizationServerMetadata))
        {
            await ProxyErrorWriter.WriteAsync(context, ProxyError.WellKnownNotFound);
            return;
        }

        response.Headers.AccessControlAllowOrigin = "*";
        if (HttpMethods.IsOptions(request.Method))
        {
            response.Headers.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
            response.Headers.AccessControlAllowHeaders = "*";
            response.Headers.AccessControlMaxAge = "86400";
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            await ProxyErrorWriter.WriteAsync(context, ProxyError.WellKnownMethodNotAllowed);
            return;
        }

        var baseUrl = PublicBaseUrl.Resolve(request, policy.Mcp!.ResourceMetadata?.Resource);
        byte[]? body;
        if (document == WellKnownPaths.ProtectedResource)
        {
            body = ProtectedResourceMetadata.Create(policy, baseUrl, resourcePath);
        }
        else
        {
            body = await authorizationServers.GetAsync(policy, baseUrl + resourcePath, context.RequestAborted);
            if (body is null)
            {
                await ProxyErrorWriter.WriteAsync(context, ProxyError.AuthorizationServerUnavailable);
                return;
            }
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "public, max-age=300";
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }
}
