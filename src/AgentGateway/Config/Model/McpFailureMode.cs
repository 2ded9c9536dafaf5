namespace AgentGateway.Config.Model;

/// <summary>What a multiplexed session does when a target cannot be reached.</summary>
public enum McpFailureMode
{
    /// <summary>The whole session fails.</summary>
    FailClosed,

    /// <summary>The failed target is left out; the others are served.</summary>
    FailOpen,
}
