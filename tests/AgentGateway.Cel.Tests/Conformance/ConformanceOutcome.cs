namespace AgentGateway.Cel.Tests.Conformance;

/// <summary>The status of a case, with the reason for a failure or skip.</summary>
internal sealed record ConformanceOutcome(ConformanceCase Case, ConformanceStatus Status, string Detail = "");
