using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentGateway.TestMcpServer.Tools;

/// <summary>
/// The <c>test_*</c> tools of the MCP conformance suite's reference server (everything-server.ts in
/// @modelcontextprotocol/conformance 0.1.16), with the same names, texts and payloads.
/// </summary>
[McpServerToolType]
public static class ConformanceTools
{
    /// <summary>Text returned by <c>test_reconnection</c>.</summary>
    public const string ReconnectionText =
        "Reconnection test completed successfully. If you received this, the client properly reconnected after stream closure.";

    /// <summary>tools-call-simple-text.</summary>
    [McpServerTool(Name = "test_simple_text")]
    [Description("Tests simple text content response")]
    public static string SimpleText() => "This is a simple text response for testing.";

    /// <summary>tools-call-image.</summary>
    [McpServerTool(Name = "test_image_content")]
    [Description("Tests image content response")]
    public static ImageContentBlock ImageContent() =>
        new() { Data = TestData.Base64Utf8(TestData.ImageBase64), MimeType = "image/png" };

    /// <summary>tools-call-audio.</summary>
    [McpServerTool(Name = "test_audio_content")]
    [Description("Tests audio content response")]
    public static AudioContentBlock AudioContent() =>
        new() { Data = TestData.Base64Utf8(TestData.AudioBase64), MimeType = "audio/wav" };

    /// <summary>tools-call-embedded-resource.</summary>
    [McpServerTool(Name = "test_embedded_resource")]
    [Description("Tests embedded resource content response")]
    public static EmbeddedResourceBlock EmbeddedResource() => new()
    {
        Resource = new TextResourceContents
        {
            Uri = "test://embedded-resource",
            MimeType = "text/plain",
            Text = "This is an embedded resource content.",
        },
    };

    /// <summary>tools-call-mixed-content.</summary>
    [McpServerTool(Name = "test_multiple_content_types")]
    [Description("Tests response with multiple content types (text, image, resource)")]
    public static CallToolResult MultipleContentTypes() => new()
    {
        Content =
        [
            new TextContentBlock { Text = "Multiple content types test:" },
            new ImageContentBlock { Data = TestData.Base64Utf8(TestData.ImageBase64), MimeType = "image/png" },
            new EmbeddedResourceBlock
            {
                Resource = new TextResourceContents
                {
                    Uri = "test://mixed-content-resource",
                    MimeType = "application/json",
                    Text = """{"test":"data","value":123}""",
                },
            },
        ],
    };

    /// <summary>tools-call-with-logging: three info log notifications, 50 ms apart.</summary>
    [McpServerTool(Name = "test_tool_with_logging")]
    [Description("Tests tool that emits log messages during execution")]
    public static async Task<string> ToolWithLogging(McpServer server, CancellationToken cancellationToken)
    {
        await ClientLog.SendAsync(server, LoggingLevel.Info, "Tool execution started", cancellationToken).ConfigureAwait(false);
        await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        await ClientLog.SendAsync(server, LoggingLevel.Info, "Tool processing data", cancellationToken).ConfigureAwait(false);
        await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        await ClientLog.SendAsync(server, LoggingLevel.Info, "Tool execution completed", cancellationToken).ConfigureAwait(false);
        return "Tool with logging executed successfully";
    }

    /// <summary>tools-call-with-progress: progress 0, 50, 100 of 100, 50 ms apart; returns the progress token.</summary>
    [McpServerTool(Name = "test_tool_with_progress")]
    [Description("Tests tool that reports progress notifications")]
    public static async Task<string> ToolWithProgress(
        McpServer server, RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var token = context.Params?.ProgressToken;
        foreach (var step in new[] { 0, 50, 100 })
        {
            if (step > 0)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }

            if (token is { } t)
            {
                await server.NotifyProgressAsync(
                    t,
                    new ProgressNotificationValue
                    {
                        Progress = step,
                        Total = 100,
                        Message = string.Create(CultureInfo.InvariantCulture, $"Completed step {step} of 100"),
                    },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }

        return token?.ToString() ?? "0";
    }

    /// <summary>tools-call-error: a tool error result (<c>isError: true</c>), not a JSON-RPC error.</summary>
    [McpServerTool(Name = "test_error_handling")]
    [Description("Tests error response handling")]
    public static CallToolResult ErrorHandling() => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = "This tool intentionally returns an error for testing" }],
    };

    /// <summary>
    /// server-sse-polling (SEP-1699). Over resumable HTTP <see cref="ReconnectionFilter"/> ends the
    /// POST SSE stream after a priming event, so the client must reconnect with GET + Last-Event-ID to get this result.
    /// </summary>
    [McpServerTool(Name = "test_reconnection")]
    [Description("Tests SSE stream disconnection and client reconnection (SEP-1699). Server will close the stream mid-call and send the result after client reconnects.")]
    public static string Reconnection() => ReconnectionText;

    /// <summary>tools-call-sampling: one sampling/createMessage round-trip.</summary>
    [McpServerTool(Name = "test_sampling")]
    [Description("Tests server-initiated sampling (LLM completion request)")]
    public static async Task<string> Sampling(
        McpServer server,
        [Description("The prompt to send to the LLM")] string prompt,
        CancellationToken cancellationToken)
    {
        try
        {
            var text = await ClientRequests.SampleTextAsync(server, prompt, 100, cancellationToken).ConfigureAwait(false);
            return $"LLM response: {text ?? "No response"}";
        }
#pragma warning disable CA1031 // the reference server reports any failure as text
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return $"Sampling not supported or error: {ex.Message}";
        }
    }

    /// <summary>tools-call-elicitation: one elicitation/create round-trip.</summary>
    [McpServerTool(Name = "test_elicitation")]
    [Description("Tests server-initiated elicitation (user input request)")]
    public static async Task<string> Elicitation(
        McpServer server,
        [Description("The message to show the user")] string message,
        CancellationToken cancellationToken)
    {
        var schema = new ElicitRequestParams.RequestSchema
        {
            Properties = { ["response"] = new ElicitRequestParams.StringSchema { Description = "User's response" } },
            Required = ["response"],
        };
        return await ElicitAsTextAsync(server, message, schema, "User response", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>elicitation-sep1034-defaults: defaults for every primitive type.</summary>
    [McpServerTool(Name = "test_elicitation_sep1034_defaults")]
    [Description("Tests elicitation with default values per SEP-1034")]
    public static async Task<string> ElicitationSep1034Defaults(McpServer server, CancellationToken cancellationToken)
    {
        var schema = new ElicitRequestParams.RequestSchema
        {
            Properties =
            {
                ["name"] = new ElicitRequestParams.StringSchema { Description = "User name", Default = "John Doe" },
                ["age"] = new ElicitRequestParams.NumberSchema { Type = "integer", Description = "User age", Default = 30 },
                ["score"] = new ElicitRequestParams.NumberSchema { Description = "User score", Default = 95.5 },
                ["status"] = new ElicitRequestParams.UntitledSingleSelectEnumSchema
                {
                    Description = "User status",
                    Enum = ["active", "inactive", "pending"],
                    Default = "active",
                },
                ["verified"] = new ElicitRequestParams.BooleanSchema { Description = "Verification status", Default = true },
            },
            Required = [],
        };
        return await ElicitAsTextAsync(
            server, "Please review and update the form fields with defaults", schema, "Elicitation completed", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>elicitation-sep1330-enums: all five enum schema variants.</summary>
    [McpServerTool(Name = "test_elicitation_sep1330_enums")]
    [Description("Tests elicitation with enum schema improvements per SEP-1330")]
    public static async Task<string> ElicitationSep1330Enums(McpServer server, CancellationToken cancellationToken)
    {
        var schema = new ElicitRequestParams.RequestSchema
        {
            Properties =
            {
                ["untitledSingle"] = new ElicitRequestParams.UntitledSingleSelectEnumSchema
                {
                    Description = "Select one option",
                    Enum = ["option1", "option2", "option3"],
                },
                ["titledSingle"] = new ElicitRequestParams.TitledSingleSelectEnumSchema
                {
                    Description = "Select one option with titles",
                    OneOf =
                    [
                        new() { Const = "value1", Title = "First Option" },
                        new() { Const = "value2", Title = "Second Option" },
                        new() { Const = "value3", Title = "Third Option" },
                    ],
                },
                ["legacyEnum"] = new ElicitRequestParams.LegacyTitledEnumSchema
                {
                    Description = "Select one option (legacy)",
                    Enum = ["opt1", "opt2", "opt3"],
                    EnumNames = ["Option One", "Option Two", "Option Three"],
                },
                ["untitledMulti"] = new ElicitRequestParams.UntitledMultiSelectEnumSchema
                {
                    Description = "Select multiple options",
                    MinItems = 1,
                    MaxItems = 3,
                    Items = new ElicitRequestParams.UntitledEnumItemsSchema { Enum = ["option1", "option2", "option3"] },
                },
                ["titledMulti"] = new ElicitRequestParams.TitledMultiSelectEnumSchema
                {
                    Description = "Select multiple options with titles",
                    MinItems = 1,
                    MaxItems = 3,
                    Items = new ElicitRequestParams.TitledEnumItemsSchema
                    {
                        AnyOf =
                        [
                            new() { Const = "value1", Title = "First Choice" },
                            new() { Const = "value2", Title = "Second Choice" },
                            new() { Const = "value3", Title = "Third Choice" },
                        ],
                    },
                },
            },
            Required = [],
        };
        return await ElicitAsTextAsync(
            server, "Please select options from the enum fields", schema, "Elicitation completed", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// json-schema-2020-12 (SEP-1613): a tool whose inputSchema keeps <c>$schema</c>, <c>$defs</c> and <c>additionalProperties</c>.
    /// Built by hand because attribute tools get a generated schema.
    /// </summary>
    public static McpServerTool CreateJsonSchema202012Tool()
    {
        var tool = McpServerTool.Create(
            (RequestContext<CallToolRequestParams> context) =>
            {
                var args = context.Params?.Arguments is { } a ? JsonSerializer.Serialize(a) : "{}";
                return $"JSON Schema 2020-12 tool called with: {args}";
            },
            new McpServerToolCreateOptions
            {
                Name = "json_schema_2020_12_tool",
                Description = "Tool with JSON Schema 2020-12 features for conformance testing (SEP-1613)",
            });
        tool.ProtocolTool.InputSchema = JsonElement.Parse("""
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "$defs": {
                "address": {
                  "type": "object",
                  "properties": { "street": { "type": "string" }, "city": { "type": "string" } }
                }
              },
              "properties": {
                "name": { "type": "string" },
                "address": { "$ref": "#/$defs/address" }
              },
              "additionalProperties": false
            }
            """);
        return tool;
    }

    private static async Task<string> ElicitAsTextAsync(
        McpServer server, string message, ElicitRequestParams.RequestSchema schema, string prefix, CancellationToken cancellationToken)
    {
        try
        {
            var result = await server.ElicitAsync(new ElicitRequestParams { Message = message, RequestedSchema = schema }, cancellationToken)
                .ConfigureAwait(false);
            var content = result.Content is { } c ? JsonSerializer.Serialize(c) : "{}";
            return $"{prefix}: action={result.Action}, content={content}";
        }
#pragma warning disable CA1031 // the reference server reports any failure as text
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return $"Elicitation not supported or error: {ex.Message}";
        }
    }
}
