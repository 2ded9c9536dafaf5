namespace AgentGateway.Config.Model;

/// <summary>Log output format.</summary>
public enum LogFormat
{
    /// <summary>One human-readable line per event.</summary>
    Text,

    /// <summary>One JSON object per line.</summary>
    Json,
}
