using System.Globalization;
using System.Text.RegularExpressions;
using AgentGateway.Admin;
using AgentGateway.Config.Model;
using AgentGateway.Telemetry;
using AgentGateway.Utilities;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace AgentGateway.Hosting;

/// <summary>
/// The admin, stats and readiness addresses (<c>config.adminAddr</c>, <c>statsAddr</c>, <c>readinessAddr</c>): their
/// Kestrel endpoints, and the pipeline branch that serves each of them.
/// </summary>
/// <remarks>
/// <para>
/// They are extra endpoints of the gateway's own Kestrel rather than separate web applications: one server, one
/// service container (the admin API reads the live sessions and the snapshot in force), one lifetime (readiness is
/// that lifetime; <c>/quitquitquit</c> stops it) and one shutdown.
/// </para>
/// <para>
/// The first middleware dispatches on the port the connection was accepted on (the socket's local port, never the
/// <c>Host</c> header, which a client chooses): a management port gets its own branch and never reaches the data plane,
/// and a data-plane port never reaches a management endpoint. A management port must therefore differ from every bind
/// port and from the other management ports; <see cref="Resolve"/> refuses a configuration where it does not. When every
/// address is <c>off</c> the data plane has no extra middleware at all.
/// </para>
/// </remarks>
internal sealed class ManagementServers
{
    /// <summary>The name of OpenTelemetry's <see cref="Microsoft.Extensions.Diagnostics.Metrics.IMetricsListener"/>.</summary>
    private const string OpenTelemetryListenerName = "OpenTelemetry";

    private ManagementServers(IReadOnlyList<ManagementAddress> addresses) => Addresses = addresses;

    /// <summary>The addresses in force (those not <c>off</c>).</summary>
    public IReadOnlyList<ManagementAddress> Addresses { get; }

    /// <summary>The address of <paramref name="role"/>, or null when it is off.</summary>
    public ManagementAddress? Find(ManagementRole role) => Addresses.FirstOrDefault(a => a.Role == role);

    /// <summary>
    /// The addresses of <paramref name="config"/>; a setting left out takes its default when
    /// <paramref name="useDefaults"/>, and is off otherwise (tests, which must not collide on the default ports).
    /// </summary>
    /// <exception cref="ArgumentException">Two addresses share a port, or one uses a bind's port, or a name does not resolve.</exception>
    public static ManagementServers Resolve(StaticConfig? config, bool useDefaults, IEnumerable<int> bindPorts)
    {
        var addresses = new List<ManagementAddress>();
        foreach (var (role, text) in new[]
        {
            (ManagementRole.Admin, config?.AdminAddr),
            (ManagementRole.Stats, config?.StatsAddr),
            (ManagementRole.Readiness, config?.ReadinessAddr),
        })
        {
            var effective = text ?? (useDefaults ? ManagementAddress.DefaultOf(role) : "off");
            if (effective != "off")
            {
                addresses.Add(ManagementAddress.Parse(role, effective, isDefault: text is null));
            }
        }

        var ports = bindPorts.ToHashSet();
        for (var i = 0; i < addresses.Count; i++)
        {
            var address = addresses[i];
            if (ports.Contains(address.Port))
            {
                throw new ArgumentException(
                    $"{Describe(address)} uses port {address.Port.ToString(CultureInfo.InvariantCulture)}, which a bind of the configuration listens on; " +
                    $"give {address.Key} another port, or set it to 'off'");
            }

            for (var j = 0; j < i; j++)
            {
                if (addresses[j].Port == address.Port)
                {
                    throw new ArgumentException(
                        $"{Describe(addresses[j])} and {Describe(address)} use the same port; each management address needs a port of its own: " +
                        $"change one of them, or set it to 'off'");
                }
            }
        }

        return new ManagementServers(addresses);
    }

    /// <summary>Registers what the addresses in force serve: the admin API, readiness, and the Prometheus exporter.</summary>
    public void AddServices(IServiceCollection services)
    {
        services.AddGatewayAdmin(adminEnabled: Find(ManagementRole.Admin) is not null);
        if (Find(ManagementRole.Stats) is null)
        {
            // No exporter: the instruments have no listener, and recording costs a field read.
            return;
        }

        // The gateway's meter of this service container only (MeterScope.Local), not every meter named "agentgateway" in
        // the process (AddMeter would take those too: gateways hosted side by side, as in tests, would add up).
        services.AddMetrics(metrics => metrics.EnableMetrics(GatewayMetrics.MeterName, instrumentName: null, listenerName: OpenTelemetryListenerName, MeterScope.Local));
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("agentgateway", serviceVersion: GatewayVersion.Value))
            .WithMetrics(metrics => metrics
                .AddPrometheusExporter(prometheus =>
                {
                    prometheus.ScrapeResponseCacheDurationMilliseconds = 0; // each scrape sees the counts of that moment
                    prometheus.ScopeInfoEnabled = false; // one meter: an otel_scope_name label on every series says nothing
                    prometheus.TargetInfoEnabled = false; // agentgateway_build_info says which build runs
                }));
    }

    /// <summary>Adds the Kestrel endpoints of every address in force.</summary>
    public void Listen(KestrelServerOptions kestrel)
    {
        foreach (var address in Addresses)
        {
            address.Listen(kestrel);
        }
    }

    /// <summary>
    /// Puts the management branches in front of the data plane: a request accepted on a management port is served by
    /// that port's branch and goes no further.
    /// </summary>
    public void Use(WebApplication app)
    {
        if (Addresses.Count == 0)
        {
            return;
        }

        var branches = new (int Port, RequestDelegate Serve)[Addresses.Count];
        for (var i = 0; i < Addresses.Count; i++)
        {
            var branch = ((IApplicationBuilder)app).New();
            switch (Addresses[i].Role)
            {
                case ManagementRole.Admin:
                    var admin = app.Services.GetRequiredService<AdminApi>();
                    branch.Run(admin.HandleAsync);
                    break;
                case ManagementRole.Stats:
                    branch.UseOpenTelemetryPrometheusScrapingEndpoint(
                        meterProvider: null,
                        predicate: static context => context.Request.Path == "/metrics" || context.Request.Path == "/stats/prometheus",
                        path: null,
                        configureBranchedPipeline: null,
                        optionsName: null);
                    break;
                case ManagementRole.Readiness:
                    var readiness = app.Services.GetRequiredService<ReadinessProbe>();
                    branch.Run(readiness.HandleAsync);
                    break;
            }

            branches[i] = (Addresses[i].Port, branch.Build()); // a branch ends in 404 for paths it does not serve
        }

        app.Use(next => context =>
        {
            var port = context.Connection.LocalPort;
            foreach (var (managementPort, serve) in branches)
            {
                if (port == managementPort)
                {
                    return serve(context);
                }
            }

            return next(context);
        });
    }

    /// <summary>What the addresses in force serve, for the startup log line.</summary>
    public string Describe() => Addresses.Count == 0
        ? "none (admin, stats and readiness are off)"
        : string.Join(", ", Addresses.Select(a => a.Role switch
        {
            ManagementRole.Admin => $"admin {a.Url}/",
            ManagementRole.Stats => $"metrics {a.Url}/metrics",
            _ => $"readiness {a.Url}{ReadinessProbe.Path}",
        }));

    /// <summary>
    /// When Kestrel could not bind a management address: a message naming the setting and how to change it; null when
    /// the failure is about another address.
    /// </summary>
    public string? DescribeBindFailure(IOException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var address in Addresses)
        {
            // Kestrel's message names the endpoint: "Failed to bind to address http://127.0.0.1:15000: address already in use."
            if (Regex.IsMatch(exception.Message, $@":{address.Port.ToString(CultureInfo.InvariantCulture)}(\D|$)", RegexOptions.CultureInvariant))
            {
                var reason = (exception.InnerException ?? exception).Message.TrimEnd('.');
                return $"cannot listen on {address.Text} for {Describe(address)}: {reason}. " +
                    $"Set {address.Key} to a free address (e.g. '{address.Host}:{(address.Port + 1).ToString(CultureInfo.InvariantCulture)}'), " +
                    $"or to 'off' to turn it off";
            }
        }

        return null;
    }

    private static string Describe(ManagementAddress address) =>
        address.IsDefault ? $"{address.Key} (default {address.Text})" : $"{address.Key} ({address.Text})";
}
