using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentGateway.TestMcpServer.Resources;

/// <summary>The conformance reference server's resources and resource template.</summary>
[McpServerResourceType]
public static class ConformanceResources
{
    /// <summary>resources-read-text.</summary>
    [McpServerResource(UriTemplate = "test://static-text", Name = "static-text", Title = "Static Text Resource", MimeType = "text/plain")]
    [Description("A static text resource for testing")]
    public static TextResourceContents StaticText() => new()
    {
        Uri = "test://static-text",
        MimeType = "text/plain",
        Text = "This is the content of the static text resource.",
    };

    /// <summary>resources-read-binary.</summary>
    [McpServerResource(UriTemplate = "test://static-binary", Name = "static-binary", Title = "Static Binary Resource", MimeType = "image/png")]
    [Description("A static binary resource (image) for testing")]
    public static BlobResourceContents StaticBinary() => new()
    {
        Uri = "test://static-binary",
        MimeType = "image/png",
        Blob = TestData.Base64Utf8(TestData.ImageBase64),
    };

    /// <summary>resources-templates-read: <c>test://template/{id}/data</c>.</summary>
    [McpServerResource(UriTemplate = "test://template/{id}/data", Name = "template", Title = "Resource Template", MimeType = "application/json")]
    [Description("A resource template with parameter substitution")]
    public static TextResourceContents Template(string id) => new()
    {
        Uri = $"test://template/{id}/data",
        MimeType = "application/json",
        Text = JsonSerializer.Serialize(new TemplateData(id, true, $"Data for ID: {id}")),
    };

    /// <summary>resources-subscribe / resources-unsubscribe target.</summary>
    [McpServerResource(UriTemplate = "test://watched-resource", Name = "watched-resource", Title = "Watched Resource", MimeType = "text/plain")]
    [Description("A resource that can be subscribed to")]
    public static TextResourceContents Watched() => new()
    {
        Uri = "test://watched-resource",
        MimeType = "text/plain",
        Text = "Watched resource content",
    };

    /// <summary>Gateway tests: identifies which server answered.</summary>
    [McpServerResource(UriTemplate = "test://info", Name = "info", Title = "Server Info", MimeType = "text/plain")]
    [Description("The text \"test server <name>\"")]
    public static TextResourceContents Info(TestServerOptions options) => new()
    {
        Uri = "test://info",
        MimeType = "text/plain",
        Text = $"test server {options?.Name}",
    };
}
