using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentGateway.TestMcpServer;

/// <summary>Server→client requests shared by several tools.</summary>
public static class ClientRequests
{
    /// <summary>Sends <c>sampling/createMessage</c> with one user text message and returns the first text block of the reply.</summary>
    public static async Task<string?> SampleTextAsync(McpServer server, string prompt, int maxTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var result = await server.SampleAsync(
            new CreateMessageRequestParams
            {
                Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = prompt }] }],
                MaxTokens = maxTokens,
            },
            cancellationToken).ConfigureAwait(false);
        return result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text;
    }
}
