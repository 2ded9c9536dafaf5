namespace AgentGateway.Config.Model;

/// <summary>How names are prefixed with the target name.</summary>
public enum McpPrefixMode
{
    /// <summary>Prefix only when the backend has more than one target.</summary>
    Conditional,

    /// <summary>Always prefix.</summary>
    Always,

    /// <summary>Never prefix; calls are routed by looking the name up in the targets' lists.</summary>
    Never,
}
