using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentGateway.TestMcpServer.Prompts;

/// <summary>The conformance reference server's prompts plus the gateway tests' <c>greeting</c>.</summary>
[McpServerPromptType]
public static class ConformancePrompts
{
    /// <summary>prompts-get-simple.</summary>
    [McpServerPrompt(Name = "test_simple_prompt", Title = "Simple Test Prompt")]
    [Description("A simple prompt without arguments")]
    public static PromptMessage SimplePrompt() => User(new TextContentBlock { Text = "This is a simple prompt for testing." });

    /// <summary>prompts-get-with-args.</summary>
    [McpServerPrompt(Name = "test_prompt_with_arguments", Title = "Prompt With Arguments")]
    [Description("A prompt with required arguments")]
    public static PromptMessage PromptWithArguments(
        [Description("First test argument")] string arg1,
        [Description("Second test argument")] string arg2) =>
        User(new TextContentBlock { Text = $"Prompt with arguments: arg1='{arg1}', arg2='{arg2}'" });

    /// <summary>prompts-get-embedded-resource.</summary>
    [McpServerPrompt(Name = "test_prompt_with_embedded_resource", Title = "Prompt With Embedded Resource")]
    [Description("A prompt that includes an embedded resource")]
    public static IEnumerable<PromptMessage> PromptWithEmbeddedResource([Description("URI of the resource to embed")] string resourceUri) =>
    [
        User(new EmbeddedResourceBlock
        {
            Resource = new TextResourceContents
            {
                Uri = resourceUri,
                MimeType = "text/plain",
                Text = "Embedded resource content for testing.",
            },
        }),
        User(new TextContentBlock { Text = "Please process the embedded resource above." }),
    ];

    /// <summary>prompts-get-with-image.</summary>
    [McpServerPrompt(Name = "test_prompt_with_image", Title = "Prompt With Image")]
    [Description("A prompt that includes image content")]
    public static IEnumerable<PromptMessage> PromptWithImage() =>
    [
        User(new ImageContentBlock { Data = TestData.Base64Utf8(TestData.ImageBase64), MimeType = "image/png" }),
        User(new TextContentBlock { Text = "Please analyze the image above." }),
    ];

    /// <summary>Gateway tests: a prompt with one argument.</summary>
    [McpServerPrompt(Name = "greeting", Title = "Greeting")]
    [Description("Greets someone by name")]
    public static PromptMessage Greeting([Description("Who to greet")] string name) =>
        User(new TextContentBlock { Text = $"Hello, {name}!" });

    private static PromptMessage User(ContentBlock content) => new() { Role = Role.User, Content = content };
}
