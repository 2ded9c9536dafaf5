using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace AgentGateway.Telemetry;

/// <summary>
/// The minimum log level, changeable while the gateway runs (the admin API's <c>POST /logging?level=debug</c>).
/// </summary>
/// <remarks>
/// It plugs into the options that <see cref="ILoggerFactory"/> already watches: a change fires this change-token source,
/// the factory re-reads <see cref="LoggerFilterOptions"/>, and <see cref="PostConfigure"/> applies the level. Loggers
/// then filter with plain level comparisons again, so the hot path pays nothing for the switch. Until the level is
/// changed at runtime the options are left exactly as <c>config.logging</c> (and tests) set them.
/// </remarks>
internal sealed class GatewayLogLevel : IOptionsChangeTokenSource<LoggerFilterOptions>, IPostConfigureOptions<LoggerFilterOptions>, IDisposable
{
    /// <summary>Framework categories kept at warning unless the level is debug or trace (they are chatty).</summary>
    public static readonly IReadOnlyList<string> FrameworkCategories = ["Microsoft", "System.Net.Http", "ModelContextProtocol", "Yarp", HostingDiagnostics, HostLifetime];

    /// <summary>
    /// ASP.NET Core's per-request log category (request starting/finished, at information and debug). Off unless the level
    /// is debug or trace: while any level of it is on, ASP.NET Core makes an <c>Activity</c> for every request, for log
    /// scopes, whether or not anything is traced (measured with bench/: ~2% of the gateway's CPU per call). The host also
    /// logs a failed start under this category; the gateway reports such failures itself, as they end <c>Main</c>.
    /// </summary>
    public const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// The generic host's own category. Its errors are a failed start ("Hosting failed to start", with the whole stack
    /// trace), which the gateway reports itself in one line as it ends <c>Main</c> (a port in use: which address, for
    /// what), and a background service's failure, which the host follows with a critical entry carrying the same
    /// exception as it stops. So above debug only its critical entries are kept.
    /// </summary>
    public const string HostLifetime = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>The level of a framework category while the gateway's level is above debug.</summary>
    public static LogLevel QuietLevel(string category) => category switch
    {
        HostingDiagnostics => LogLevel.None,
        HostLifetime => LogLevel.Critical,
        _ => LogLevel.Warning,
    };

    private readonly Lock _gate = new();
    private CancellationTokenSource _changed = new();
    private LogLevel? _override;

    /// <inheritdoc/>
    public string? Name => Options.DefaultName;

    /// <summary>The level set at runtime, or null while <c>config.logging.level</c> is in force.</summary>
    public LogLevel? Override
    {
        get
        {
            lock (_gate)
            {
                return _override;
            }
        }
    }

    /// <summary>The level named by <paramref name="name"/>: <c>trace</c>, <c>debug</c>, <c>info</c>, <c>warn</c>/<c>warning</c>, <c>error</c> (any case).</summary>
    public static bool TryParse(string? name, out LogLevel level)
    {
        level = name?.ToLowerInvariant() switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "info" or "information" => LogLevel.Information,
            "warn" or "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => LogLevel.None,
        };
        return level != LogLevel.None;
    }

    /// <summary>How a level is written in the configuration and by the admin API.</summary>
    public static string Format(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "off",
    };

    /// <summary>Sets the minimum level of every logger now.</summary>
    public void Set(LogLevel level)
    {
        CancellationTokenSource previous;
        lock (_gate)
        {
            _override = level;
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        previous.Cancel();
        previous.Dispose();
    }

    /// <inheritdoc/>
    public IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    /// <inheritdoc/>
    public void PostConfigure(string? name, LoggerFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Override is not { } level)
        {
            return;
        }

        options.MinLevel = level;

        // Every rule on a framework category (whatever provider) is replaced: warning above debug, the level itself below.
        for (var i = options.Rules.Count - 1; i >= 0; i--)
        {
            if (options.Rules[i].CategoryName is { } category && FrameworkCategories.Contains(category))
            {
                options.Rules.RemoveAt(i);
            }
        }

        if (level > LogLevel.Debug)
        {
            foreach (var category in FrameworkCategories)
            {
                options.Rules.Add(new LoggerFilterRule(null, category, QuietLevel(category), null));
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            _changed.Dispose();
        }
    }
}
