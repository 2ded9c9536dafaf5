using System.Text;

namespace AgentGateway.TestMcpServer;

/// <summary>Fixed payloads shared with the conformance reference server (everything-server.ts in @modelcontextprotocol/conformance).</summary>
public static class TestData
{
    /// <summary>A 1x1 red PNG pixel, base64.</summary>
    public const string ImageBase64 =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    /// <summary>A minimal WAV file, base64.</summary>
    public const string AudioBase64 = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=";

    /// <summary>Logger name used for the server's <c>notifications/message</c>.</summary>
    public const string LoggerName = "conformance-test-server";

    /// <summary>
    /// Gets the base64 text as UTF-8 bytes: the SDK's <c>Data</c>/<c>Blob</c> properties hold the base64 text itself, not the decoded bytes.
    /// </summary>
    public static ReadOnlyMemory<byte> Base64Utf8(string base64) => Encoding.UTF8.GetBytes(base64);
}
