using System.Collections.Frozen;
using System.Globalization;
using AgentGateway.Cel;
using AgentGateway.Config.Model;
using AgentGateway.Config.Validation;
using AgentGateway.Mcp;
using AgentGateway.Mcp.Upstreams;
using AgentGateway.Proxy.Authentication;
using AgentGateway.Proxy.Cors;
using AgentGateway.Proxy.Headers;
using AgentGateway.Proxy.RateLimiting;
using AgentGateway.Proxy.Forwarding;
using AgentGateway.Proxy.Routing;
using AgentGateway.Security.Authorization;
using AgentGateway.Security.Tls;

namespace AgentGateway.Proxy.State;

/// <summary>Compiles a validated <see cref="GatewayConfig"/> into an immutable <see cref="GatewaySnapshot"/>.</summary>
internal static class GatewaySnapshotBuilder
{
    /// <summary>Port of the <c>mcp:</c> shortcut when it sets none (as the reference).</summary>
    public const int DefaultShortcutPort = BindsValidator.ShortcutDefaultPort;

    /// <summary>Builds the snapshot. The configuration must have passed validation.</summary>
    /// <param name="config">The validated configuration.</param>
    /// <param name="revision">The snapshot's revision.</param>
    /// <param name="authentication">Compiles authentication policies; required when the configuration has any.</param>
    /// <param name="sourceName">The configuration file, for relative paths in it.</param>
    /// <param name="certificates">Where certificate files are read and watched; a private one when null.</param>
    /// <param name="previous">The snapshot being replaced, if any: rate limits that did not change keep their buckets.</param>
    /// <exception cref="ArgumentException">A file named by the configuration can no longer be used (it changed after validation).</exception>
    public static GatewaySnapshot Build(
        GatewayConfig config, long revision, RouteAuthenticationCompiler? authentication = null, string? sourceName = null,
        TlsCertificateStore? certificates = null, GatewaySnapshot? previous = null)
    {
        TlsCertificateStore Certificates() => certificates ??= TlsCertificateStore.CreateUnlogged();

        var options = EngineOptions(config);
        var previousLimits = previous?.Binds.Values.SelectMany(b => b.Listeners).SelectMany(l => l.Routes)
            .Select(r => r.RateLimit).OfType<LocalRateLimitPolicy>().DistinctBy(p => p.Owner).ToDictionary(p => p.Owner, StringComparer.Ordinal);
        var binds = new Dictionary<int, BindModel>();
        foreach (var bind in Normalize(config))
        {
            var listeners = new List<ListenerModel>();
            for (var li = 0; li < bind.Listeners.Count; li++)
            {
                var listener = bind.Listeners[li];
                var listenerName = ListenerName(listener, li);
                var listenerTls = listener.Tls is { } tls ? ServerTls(tls, sourceName, Certificates()) : null;
                var routes = new List<RouteModel>();

                // Compiled once per listener: routes without their own limits share the listener's buckets.
                var listenerLimits = listener.Policies?.LocalRateLimit is { } limits
                    ? LocalRateLimitPolicy.Compile(limits, $"listener:{bind.Port}/{listenerName}", previousLimits)
                    : null;
                for (var ri = 0; ri < listener.Routes.Count; ri++)
                {
                    var route = listener.Routes[ri];
                    var routeName = RouteName(route, ri);
                    var key = RouteKey(bind.Port, listenerName, routeName);
                    var matches = route.Matches.Select(m => new RequestMatcher(m)).ToList();
                    var mcpBackend = route.Backends.FirstOrDefault(b => b.Mcp is not null);
                    var timeout = route.Policies?.Timeout ?? listener.Policies?.Timeout;
                    McpBackendModel? mcp = null;
                    HttpBackendModel? http = null;
                    DirectResponseModel? direct = null;
                    if (mcpBackend is not null)
                    {
                        mcp = new McpBackendModel(key, mcpBackend.Mcp!, RouteOptions(options, timeout),
                            [.. mcpBackend.Mcp!.Targets.Select(t => TargetAuth(t, mcpBackend, route, listener, sourceName))],
                            [.. mcpBackend.Mcp!.Targets.Select(t => TargetTls(t, mcpBackend, route, listener, sourceName, Certificates))]);
                    }
                    else if (route.Policies?.DirectResponse is { } directResponse)
                    {
                        direct = new DirectResponseModel(directResponse);
                    }
                    else
                    {
                        http = HttpBackend(key, route, listener, matches, timeout, sourceName);
                    }

                    routes.Add(new RouteModel(
                        routeName,
                        key,
                        new HostMatcher(route.Hostnames),
                        matches,
                        mcp,
                        http,
                        direct,
                        CompileAuthentication(authentication, listener.Policies, route.Policies, sourceName),
                        AuthorizationRuleSet.Merge(
                            [
                                Rules(listener.Policies?.Authorization, GatewayCel.RequestRules),
                                Rules(route.Policies?.Authorization, GatewayCel.RequestRules),
                                .. route.Backends.Select(b => Rules(b.Policies?.Authorization, GatewayCel.RequestRules)),
                            ]),
                        AuthorizationRuleSet.Merge(
                            Rules(listener.Policies?.McpAuthorization, GatewayCel.McpRules),
                            Rules(route.Policies?.McpAuthorization, GatewayCel.McpRules),
                            Rules(mcpBackend?.Policies?.McpAuthorization, GatewayCel.McpRules)),
                        (route.Policies?.Cors ?? listener.Policies?.Cors) is { } cors ? new CorsPolicy(cors) : null,
                        listenerTls?.Key,
                        route.Policies?.LocalRateLimit is { } routeLimits ? LocalRateLimitPolicy.Compile(routeLimits, "route:" + key, previousLimits) : listenerLimits,
                        HeaderModifier.Compile(route.Policies?.RequestHeaderModifier ?? listener.Policies?.RequestHeaderModifier),
                        HeaderModifier.Compile(route.Policies?.ResponseHeaderModifier ?? listener.Policies?.ResponseHeaderModifier)));
                }

                listeners.Add(new ListenerModel(listenerName, new HostMatcher(listener.Hostname is null ? [] : [listener.Hostname]), routes, listenerTls));
            }

            // Most specific listener first: exact host, then wildcard, then any host.
            binds[bind.Port] = new BindModel(bind.Port, [.. listeners.OrderByDescending(l => l.Host.Specificity)]);
        }

        return new GatewaySnapshot(revision, config, binds.ToFrozenDictionary());
    }

    /// <summary>The engine settings of one route: its <c>timeout</c> policy replaces <c>config.mcp.requestTimeout</c>.</summary>
    private static McpEngineOptions RouteOptions(McpEngineOptions options, TimeoutConfig? timeout)
    {
        var limits = new[] { timeout?.RequestTimeout, timeout?.BackendRequestTimeout }.Where(t => t is not null).Select(t => t!.Value).ToList();
        return limits.Count == 0 ? options : options with { RequestTimeout = limits.Min() };
    }

    /// <summary>The plain HTTP side of a route: its weighted backends and the policies that shape a forwarded request.</summary>
    private static HttpBackendModel HttpBackend(
        string key, RouteConfig route, ListenerConfig listener, IReadOnlyList<RequestMatcher> matches, TimeoutConfig? timeout, string? sourceName)
    {
        var backends = route.Backends.Where(b => b.Host is not null).ToList();
        var retry = route.Policies?.Retry ?? listener.Policies?.Retry;
        return new HttpBackendModel(
            key,
            [.. backends.Select(b => new HttpDestination(b.Host!, "http://" + b.Host, b.Weight ?? 1))],
            matches,
            route.Policies?.UrlRewrite is { } rewrite ? new UrlRewriteModel(rewrite) : null,
            retry is null ? null : new RetryPolicy(retry),
            timeout?.RequestTimeout,
            timeout?.BackendRequestTimeout,
            [.. backends.Select(b => Credential(b.Policies?.BackendAuth ?? route.Policies?.BackendAuth ?? listener.Policies?.BackendAuth, sourceName))],
            route.Policies?.A2a is not null);
    }

    /// <summary>The credential a target is sent: the most specific <c>backendAuth</c> (target, backend, route, listener); stdio targets get none.</summary>
    private static McpUpstreamAuth TargetAuth(McpTargetConfig target, RouteBackendConfig backend, RouteConfig route, ListenerConfig listener, string? sourceName)
    {
        if (target.Stdio is not null)
        {
            return McpUpstreamAuth.None;
        }

        return Credential(target.Policies?.BackendAuth ?? backend.Policies?.BackendAuth ?? route.Policies?.BackendAuth ?? listener.Policies?.BackendAuth, sourceName);
    }

    /// <summary>A compiled <c>backendAuth</c> (a key file is read here, once per load).</summary>
    private static McpUpstreamAuth Credential(BackendAuthConfig? auth, string? sourceName)
    {
        return auth switch
        {
            { Passthrough: not null } => McpUpstreamAuth.Passthrough,
            { Key.Value: { } value } => McpUpstreamAuth.Bearer(value),
            { Key.File: { } file } => McpUpstreamAuth.Bearer(File.ReadAllText(ConfigFilePaths.Resolve(sourceName, file)).Trim()),
            _ => McpUpstreamAuth.None,
        };
    }

    /// <summary>A listener's compiled <c>tls</c>; its files are read (or shared) through <paramref name="certificates"/>.</summary>
    private static ServerTlsSettings ServerTls(ListenerTlsConfig tls, string? sourceName, TlsCertificateStore certificates)
    {
        var cert = ConfigFilePaths.Resolve(sourceName, tls.Cert!);
        var key = ConfigFilePaths.Resolve(sourceName, tls.Key!);
        var root = tls.Root is { } r ? ConfigFilePaths.Resolve(sourceName, r) : null;
        if (!TlsVersions.TryParse(tls.MinTLSVersion, out var protocols))
        {
            throw new ArgumentException($"unknown TLS version '{tls.MinTLSVersion}'");
        }

        return new ServerTlsSettings(
            $"{cert}|{key}|{root}|{protocols}",
            certificates.Certificate(cert, key),
            protocols,
            root is null ? null : certificates.Bundle(root));
    }

    /// <summary>
    /// The TLS settings a target is reached with: the most specific <c>backendTLS</c> (target, backend, route, listener),
    /// for <c>https://</c> targets only; null where the defaults apply.
    /// </summary>
    private static BackendTlsSettings? TargetTls(
        McpTargetConfig target, RouteBackendConfig backend, RouteConfig route, ListenerConfig listener, string? sourceName, Func<TlsCertificateStore> certificates)
    {
        if ((target.Mcp ?? target.Sse) is not { } http || !TlsValidator.IsHttps(http))
        {
            return null;
        }

        var tls = target.Policies?.BackendTLS ?? backend.Policies?.BackendTLS ?? route.Policies?.BackendTLS ?? listener.Policies?.BackendTLS;
        if (tls is null)
        {
            return null;
        }

        var store = certificates();
        if (tls.Insecure)
        {
            store.WarnInsecure(target.Name);
        }

        return new BackendTlsSettings(
            tls.Root is { } root ? store.Bundle(ConfigFilePaths.Resolve(sourceName, root)) : null,
            tls.Insecure,
            tls.Hostname,
            tls is { Cert: { } cert, Key: { } key } ? store.Certificate(ConfigFilePaths.Resolve(sourceName, cert), ConfigFilePaths.Resolve(sourceName, key)) : null);
    }

    private static AuthorizationRuleSet? Rules(AuthorizationConfig? config, CelEnvironment environment) =>
        config is null ? null : AuthorizationRuleSet.Compile(config, environment);

    private static RouteAuthentication? CompileAuthentication(
        RouteAuthenticationCompiler? compiler, PolicyConfig? listener, PolicyConfig? route, string? sourceName)
    {
        if (compiler is null)
        {
            return listener?.McpAuthentication is null && listener?.JwtAuth is null && route?.McpAuthentication is null && route?.JwtAuth is null
                ? null
                : throw new InvalidOperationException("the configuration has authentication policies but no compiler was given");
        }

        return compiler.Compile(listener, route, sourceName);
    }

    /// <summary>The engine settings from <c>config:</c>.</summary>
    public static McpEngineOptions EngineOptions(GatewayConfig config)
    {
        var options = new McpEngineOptions();
        var mcp = config.Config?.Mcp;
        return options with
        {
            SessionTtl = mcp?.SessionTtl ?? options.SessionTtl,
            RequestTimeout = mcp?.RequestTimeout ?? options.RequestTimeout,
            InitializeTimeout = mcp?.InitializeTimeout ?? options.InitializeTimeout,
            MaxSessions = mcp?.MaxSessions ?? options.MaxSessions,
            MaxSessionsPerCaller = mcp?.MaxSessionsPerCaller,
            MaxRequestBodySize = config.Config?.Http?.MaxBufferSize ?? options.MaxRequestBodySize,
        };
    }

    /// <summary>A listener's name: its own, or <c>listener{index}</c>.</summary>
    public static string ListenerName(ListenerConfig listener, int index) =>
        listener.Name ?? "listener" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>A route's name: its own, or <c>route{index}</c>.</summary>
    public static string RouteName(RouteConfig route, int index) =>
        route.Name ?? "route" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>A route's key, <c>{port}/{listener}/{route}</c>: in metrics, logs, the admin API and the session store.</summary>
    public static string RouteKey(int port, string listenerName, string routeName) =>
        $"{port.ToString(CultureInfo.InvariantCulture)}/{listenerName}/{routeName}";

    /// <summary>The binds of the configuration, with the <c>mcp:</c> shortcut expanded into one more bind.</summary>
    public static IReadOnlyList<BindConfig> Normalize(GatewayConfig config)
    {
        if (config.Mcp is not { } shortcut)
        {
            return config.Binds;
        }

        var route = new RouteConfig
        {
            Name = "mcp",
            Matches =
            [
                new RouteMatchConfig { Path = new PathMatchConfig { PathPrefix = "/mcp" } },
                new RouteMatchConfig { Path = new PathMatchConfig { PathPrefix = "/sse" } },
                new RouteMatchConfig { Path = new PathMatchConfig { PathPrefix = "/.well-known" } },
            ],
            Backends =
            [
                new RouteBackendConfig
                {
                    Mcp = new McpBackendConfig
                    {
                        Targets = shortcut.Targets,
                        StatefulMode = shortcut.StatefulMode,
                        PrefixMode = shortcut.PrefixMode,
                        FailureMode = shortcut.FailureMode,
                        DnsRebindingProtection = shortcut.DnsRebindingProtection,
                    },
                },
            ],
            Policies = shortcut.Policies,
        };
        var bind = new BindConfig
        {
            Port = shortcut.Port ?? DefaultShortcutPort,
            Listeners = [new ListenerConfig { Name = "mcp", Routes = [route] }],
        };
        return [.. config.Binds, bind];
    }
}
