using System.Collections.Concurrent;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>Shorthands for the official client in tests.</summary>
internal static class McpClientTestExtensions
{
    /// <summary>Calls a tool and returns its text content; fails the test if the tool reported an error.</summary>
    public static async Task<string> CallTextAsync(
        this McpClient client, string tool, IReadOnlyDictionary<string, object?>? arguments = null, CancellationToken cancellationToken = default)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: cancellationToken);
        var text = result.Text();
        Assert.False(result.IsError ?? false, $"tool '{tool}' returned an error: {text}");
        return text;
    }

    /// <summary>The concatenated text blocks of a tool result.</summary>
    public static string Text(this CallToolResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    /// <summary>The text of a resource read.</summary>
    public static string Text(this ReadResourceResult result) =>
        string.Concat(result.Contents.OfType<TextResourceContents>().Select(t => t.Text));

    /// <summary>Arguments of <c>echo</c>.</summary>
    public static Dictionary<string, object?> Message(string message) => new() { ["message"] = message };
}

/// <summary>An <see cref="IProgress{T}"/> that records synchronously, in arrival order (<see cref="Progress{T}"/> posts to the thread pool).</summary>
internal sealed class ProgressRecorder : IProgress<ProgressNotificationValue>
{
    private readonly ConcurrentQueue<ProgressNotificationValue> _values = new();

    public IReadOnlyList<ProgressNotificationValue> Values => [.. _values];

    public void Report(ProgressNotificationValue value) => _values.Enqueue(value);
}
