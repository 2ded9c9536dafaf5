namespace AgentGateway.Mcp.Sessions;

/// <summary>The answer of <see cref="McpSessionAdmission.TryAdmitAsync"/>: the new session's place, or why there is none.</summary>
/// <param name="Outcome">Admitted, or the limit that refused it.</param>
/// <param name="Slot">The place to hold until the session ends; null unless admitted.</param>
internal readonly record struct McpAdmission(McpAdmissionOutcome Outcome, McpSessionSlot? Slot);
