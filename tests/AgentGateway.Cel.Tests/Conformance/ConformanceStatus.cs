namespace AgentGateway.Cel.Tests.Conformance;

/// <summary>The result of running one conformance case.</summary>
internal enum ConformanceStatus
{
    Passed,
    Failed,
    Skipped,
}
