using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace AgentGateway.Admin.Ui;

/// <summary>
/// The web UI's static files (<c>Admin/Ui/assets/</c>), embedded in the assembly and served under <c>/ui/</c> on the admin
/// address.
/// </summary>
/// <remarks>
/// <para>
/// Embedded rather than copied next to the executable: <c>dotnet run</c>, a published build and a single-file build all
/// serve the same bytes, and no content root or file provider has to be found at run time. The files are plain ES modules,
/// CSS and HTML, used as written (no build step): see <c>Admin/Ui/README.md</c>.
/// </para>
/// <para>
/// Every answer carries a strict Content-Security-Policy (scripts, styles and requests from this origin only, no
/// inline script, no framing), so text the UI shows — tool results, configuration values — can never run as code, even
/// if a view forgot to treat it as text.
/// </para>
/// </remarks>
internal sealed class UiAssets
{
    /// <summary>The path prefix of the UI on the admin address.</summary>
    public const string PathPrefix = "/ui";

    /// <summary>The manifest-resource prefix the project file gives the assets.</summary>
    private const string ResourcePrefix = "ui/";

    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly FrozenDictionary<string, Asset> _assets;

    /// <summary>Reads the embedded assets (once, at startup).</summary>
    public UiAssets()
        : this(typeof(UiAssets).Assembly)
    {
    }

    /// <summary>Reads the assets embedded in <paramref name="assembly"/> under <c>ui/</c>.</summary>
    public UiAssets(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8)) + "\"";
            assets["/" + name[ResourcePrefix.Length..].Replace('\\', '/')] = new Asset(bytes, ContentTypeOf(name), etag);
        }

        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The paths served (relative to <see cref="PathPrefix"/>, e.g. <c>/index.html</c>).</summary>
    public IEnumerable<string> Paths => _assets.Keys;

    /// <summary>Whether <paramref name="path"/> is the UI's (<c>/ui</c> or under <c>/ui/</c>).</summary>
    public static bool IsUiPath(PathString path) => path.StartsWithSegments(PathPrefix, StringComparison.Ordinal);

    /// <summary>Serves a <c>GET</c> or <c>HEAD</c> of a path under <see cref="PathPrefix"/>.</summary>
    public Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        request.Path.StartsWithSegments(PathPrefix, StringComparison.Ordinal, out var rest);
        if (!rest.HasValue)
        {
            // "/ui" → "/ui/": the page's relative URLs (app.js, style.css) then resolve under /ui/.
            response.StatusCode = StatusCodes.Status302Found;
            response.Headers.Location = PathPrefix + "/";
            return Task.CompletedTask;
        }

        var path = rest.Value == "/" ? "/index.html" : rest.Value!;
        if (!_assets.TryGetValue(path, out var asset))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            return response.WriteAsync("no such file in the web UI\n", context.RequestAborted);
        }

        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        // Revalidated on every load: an upgraded gateway never runs a stale script against a newer API.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".json" => "application/json; charset=utf-8",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
