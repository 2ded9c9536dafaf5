using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentGateway.TestMcpServer;

/// <summary>Sends <c>notifications/message</c> to the client, honouring the level set with <c>logging/setLevel</c>.</summary>
public static class ClientLog
{
    /// <summary>Sends <paramref name="message"/> at <paramref name="level"/> unless the client asked for a higher minimum level.</summary>
    public static async Task SendAsync(McpServer server, LoggingLevel level, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (server.LoggingLevel is { } minimum && level < minimum)
        {
            return;
        }

        await server.SendNotificationAsync(
            NotificationMethods.LoggingMessageNotification,
            new LoggingMessageNotificationParams
            {
                Level = level,
                Logger = TestData.LoggerName,
                Data = JsonSerializer.SerializeToElement(message),
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
