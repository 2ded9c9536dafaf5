namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>One SSE event as a client sees it: its <c>id</c>, <c>retry</c> and <c>data</c> fields (null when absent).</summary>
public sealed record SseEvent(string? Id, string? Retry, string Data);
