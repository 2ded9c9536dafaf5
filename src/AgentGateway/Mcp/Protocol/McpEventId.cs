using System.Globalization;

namespace AgentGateway.Mcp.Protocol;

/// <summary>
/// The SSE event ids the gateway sends on a session's streams, <c>{stream}_{sequence}</c>: unique within the session,
/// and naming the stream they belong to, as the spec asks, so that a <c>Last-Event-ID</c> says which stream to resume.
/// </summary>
internal static class McpEventId
{
    /// <summary>Formats the id of event <paramref name="sequence"/> of stream <paramref name="stream"/>.</summary>
    public static string Format(int stream, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{stream}_{sequence}");

    /// <summary>Reads an id this gateway sent; false for anything else.</summary>
    public static bool TryParse(string value, out int stream, out long sequence)
    {
        stream = 0;
        sequence = 0;
        var separator = value.IndexOf('_', StringComparison.Ordinal);
        return separator > 0 && separator <= 10 && value.Length - separator - 1 is > 0 and <= 19
            && int.TryParse(value.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out stream)
            && long.TryParse(value.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }
}
