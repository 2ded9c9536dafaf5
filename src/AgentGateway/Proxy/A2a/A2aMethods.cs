using System.Collections.Frozen;
using AgentGateway.Telemetry;

namespace AgentGateway.Proxy.A2a;

/// <summary>The A2A methods, for a bounded metric label: v0.3 JSON-RPC names and their v1.0 equivalents.</summary>
internal static class A2aMethods
{
    /// <summary>The method recorded for an agent-card request.</summary>
    public const string AgentCard = "agent-card";

    /// <summary>The method recorded when none could be read.</summary>
    public const string Unknown = "unknown";

    private static readonly FrozenSet<string> s_known = FrozenSet.Create(StringComparer.Ordinal,
        AgentCard, Unknown,
        "message/send", "message/stream", "tasks/get", "tasks/list", "tasks/cancel", "tasks/resubscribe",
        "tasks/pushNotificationConfig/set", "tasks/pushNotificationConfig/get", "tasks/pushNotificationConfig/list",
        "tasks/pushNotificationConfig/delete", "agent/getAuthenticatedExtendedCard",
        "SendMessage", "SendStreamingMessage", "GetTask", "ListTasks", "CancelTask", "SubscribeToTask",
        "CreateTaskPushNotificationConfig", "GetTaskPushNotificationConfig", "ListTaskPushNotificationConfigs",
        "DeleteTaskPushNotificationConfig", "GetExtendedAgentCard");

    /// <summary>The metric label of <paramref name="method"/>: itself when it is an A2A method, otherwise <see cref="GatewayMetrics.OtherLabel"/>.</summary>
    public static string Label(string? method) =>
        method is null ? Unknown : s_known.TryGetValue(method, out var known) ? known : GatewayMetrics.OtherLabel;
}
