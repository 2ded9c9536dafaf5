namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>Which build of the gateway executable a test starts.</summary>
public enum GatewayBuild
{
    /// <summary><c>dotnet agentgateway.dll</c>: the framework-dependent build, run by the JIT (what <c>dotnet run</c> runs).</summary>
    Jit,

    /// <summary>The native executable <c>dotnet publish</c> makes (Native AOT): what is deployed, and what bench/ measures.</summary>
    Native,
}
