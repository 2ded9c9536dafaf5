using AgentGateway.Config.Model;
using AgentGateway.Telemetry;
using Microsoft.Extensions.Logging.Console;

namespace AgentGateway.Hosting;

/// <summary>Applies <c>config.logging</c>: level and text or JSON format.</summary>
internal static class GatewayLogging
{
    /// <summary>The minimum level named by <c>config.logging.level</c> (default info).</summary>
    public static LogLevel ParseLevel(string? level) => GatewayLogLevel.TryParse(level, out var parsed) ? parsed : LogLevel.Information;

    /// <summary>Configures console logging.</summary>
    public static void Configure(ILoggingBuilder logging, LoggingConfig? config)
    {
        var level = ParseLevel(config?.Level);
        logging.ClearProviders();
        logging.SetMinimumLevel(level);

        // Framework chatter stays at warning unless the user asked for debug or trace.
        if (level > LogLevel.Debug)
        {
            foreach (var category in GatewayLogLevel.FrameworkCategories)
            {
                logging.AddFilter(category, GatewayLogLevel.QuietLevel(category));
            }
        }

        if (config?.Format == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }

        // Logs go to stderr so that stdout stays clean for --validate-only and scripts.
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
