using AgentGateway.Config.Loading;
using AgentGateway.Hosting.Tokens;
using AgentGateway.Utilities;

namespace AgentGateway.Hosting;

/// <summary>The command-line program: parse arguments, load and validate the configuration, run until stopped.</summary>
internal static partial class GatewayApp
{
    /// <summary>Runs the gateway; returns the process exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Where the version, help and validation result go.</param>
    /// <param name="stderr">Where errors (and the logs) go.</param>
    /// <param name="stdin">The configuration, with <c>-f -</c>.</param>
    /// <param name="gatewayOnlyVariables">What <see cref="GatewayProcess.ConfigureRuntime"/> added to the environment.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TextReader stdin, IReadOnlyList<string>? gatewayOnlyVariables = null)
    {
        // Subcommands come first on the command line; everything else is the gateway's own options.
        switch (args)
        {
            case [KeygenCommand.Name, .. var rest]:
                return await KeygenCommand.RunAsync(rest, stdout, stderr, CancellationToken.None);
            case [TokenCommand.Name, .. var rest]:
                return await TokenCommand.RunAsync(rest, stdout, stderr, TimeProvider.System, CancellationToken.None);
        }

        var cli = GatewayCommandLine.Parse(args);
        if (cli.ShowHelp)
        {
            await stdout.WriteLineAsync(GatewayCommandLine.Usage);
            return 0;
        }

        if (cli.ShowVersion)
        {
            await stdout.WriteLineAsync($"agentgateway {GatewayVersion.Value}");
            return 0;
        }

        if (cli.Errors.Count > 0)
        {
            foreach (var error in cli.Errors)
            {
                await stderr.WriteLineAsync($"error: {error}");
            }

            await stderr.WriteLineAsync(GatewayCommandLine.Usage);
            return 2;
        }

        var loader = new ConfigLoader();
        var result = cli.File == "-"
            ? loader.LoadText(await stdin.ReadToEndAsync(), "<stdin>")
            : loader.LoadFile(cli.File!);
        if (!result.IsValid)
        {
            await stderr.WriteLineAsync($"error: the configuration is invalid ({result.Errors.Count} error{(result.Errors.Count == 1 ? "" : "s")}):");
            foreach (var error in result.Errors)
            {
                await stderr.WriteLineAsync($"  {error}");
            }

            return 1;
        }

        if (cli.ValidateOnly)
        {
            await stdout.WriteLineAsync("Configuration is valid!");
            return 0;
        }

        var options = new GatewayHostOptions
        {
            ConfigSourceName = cli.File == "-" ? null : cli.File,
            WatchConfigFile = cli.File != "-",
            GatewayOnlyVariables = gatewayOnlyVariables ?? [],
        };
        WebApplication built;
        try
        {
            built = GatewayHost.Build(result.Config!, options);
        }
        catch (ArgumentException ex)
        {
            // A key set that validates as JSON but has no usable key, found when the policy is compiled.
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }

        await using var app = built;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("agentgateway");
        try
        {
            await app.StartAsync();
        }
        catch (IOException ex)
        {
            var management = app.Services.GetRequiredService<ManagementServers>();
            await stderr.WriteLineAsync($"error: {management.DescribeBindFailure(ex) ?? "cannot listen: " + ex.Message}");
            return 1;
        }

        var addresses = string.Join(", ", GatewayHost.DescribeBinds(result.Config!, options.ListenAddress));
        Log.Started(logger, GatewayVersion.Value, addresses);
        var managementAddresses = app.Services.GetRequiredService<ManagementServers>().Describe();
        Log.Management(logger, managementAddresses);
        if (result.Config!.Config?.Tracing is { } tracing)
        {
            // The endpoint has no user info or query (validated); the headers, which may hold a key, are not logged.
            var endpoint = GatewayTracingSetup.ExportEndpoint(tracing).ToString();
            var protocol = tracing.OtlpProtocol == Config.Model.OtlpProtocol.Http ? "http" : "grpc";
            Log.Tracing(logger, endpoint, protocol, tracing.RandomSampling ?? "false", tracing.ClientSampling ?? "true");
        }

        await app.WaitForShutdownAsync();
        Log.Stopped(logger);
        return 0;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "agentgateway {Version} serving on {Addresses}")]
        public static partial void Started(ILogger logger, string version, string addresses);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "agentgateway stopped")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "management: {Addresses}")]
        public static partial void Management(ILogger logger, string addresses);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Information,
            Message = "tracing: spans exported to {Endpoint} (OTLP {Protocol}), randomSampling {RandomSampling}, clientSampling {ClientSampling}")]
        public static partial void Tracing(ILogger logger, string endpoint, string protocol, string randomSampling, string clientSampling);
    }
}
