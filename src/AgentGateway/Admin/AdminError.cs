namespace AgentGateway.Admin;

/// <summary>An admin API error: what went wrong and how to ask instead.</summary>
/// <param name="Error">The message.</param>
internal sealed record AdminError(string Error);
