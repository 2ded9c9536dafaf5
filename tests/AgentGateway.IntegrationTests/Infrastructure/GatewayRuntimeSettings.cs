using System.Runtime.CompilerServices;
using AgentGateway.Hosting;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>Runs the in-process gateways of these tests with the executable's runtime settings.</summary>
internal static class GatewayRuntimeSettings
{
    /// <summary>
    /// Before any socket opens: inline socket completions, as <c>Program.cs</c> sets them for the gateway executable,
    /// so that every end-to-end test also proves that nothing on the request path blocks a socket engine thread.
    /// </summary>
    [ModuleInitializer]
    internal static void Apply() => GatewayProcess.ConfigureRuntime();
}
