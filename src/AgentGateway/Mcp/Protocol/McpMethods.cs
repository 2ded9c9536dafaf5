namespace AgentGateway.Mcp.Protocol;

/// <summary>JSON-RPC method names the gateway treats specially. Every other method is forwarded as is.</summary>
internal static class McpMethods
{
    public const string Initialize = "initialize";
    public const string Ping = "ping";
    public const string ServerDiscover = "server/discover";
    public const string ToolsList = "tools/list";
    public const string ToolsCall = "tools/call";
    public const string PromptsList = "prompts/list";
    public const string PromptsGet = "prompts/get";
    public const string ResourcesList = "resources/list";
    public const string ResourcesTemplatesList = "resources/templates/list";
    public const string ResourcesRead = "resources/read";
    public const string ResourcesSubscribe = "resources/subscribe";
    public const string ResourcesUnsubscribe = "resources/unsubscribe";
    public const string CompletionComplete = "completion/complete";
    public const string LoggingSetLevel = "logging/setLevel";

    public const string NotificationInitialized = "notifications/initialized";
    public const string NotificationCancelled = "notifications/cancelled";
    public const string NotificationProgress = "notifications/progress";
    public const string NotificationMessage = "notifications/message";
    public const string NotificationResourceUpdated = "notifications/resources/updated";
    public const string NotificationRootsListChanged = "notifications/roots/list_changed";

    /// <summary>
    /// The <c>params</c> member naming the one item a method calls: <c>name</c> (a tool or prompt), <c>uri</c> (a
    /// resource), or null when the method calls no single item.
    /// </summary>
    public static string? NamedItemProperty(string method) => method switch
    {
        ToolsCall or PromptsGet => "name",
        ResourcesRead or ResourcesSubscribe or ResourcesUnsubscribe => "uri",
        _ => null,
    };

    /// <summary>
    /// The method as a metric label: one of the methods above (or another request method of the MCP specification),
    /// otherwise <c>_other</c>. Clients choose method names, so labels must not take them as they come.
    /// </summary>
    public static string MetricLabel(string method) => method switch
    {
        Initialize => Initialize,
        Ping => Ping,
        ServerDiscover => ServerDiscover,
        ToolsList => ToolsList,
        ToolsCall => ToolsCall,
        PromptsList => PromptsList,
        PromptsGet => PromptsGet,
        ResourcesList => ResourcesList,
        ResourcesTemplatesList => ResourcesTemplatesList,
        ResourcesRead => ResourcesRead,
        ResourcesSubscribe => ResourcesSubscribe,
        ResourcesUnsubscribe => ResourcesUnsubscribe,
        CompletionComplete => CompletionComplete,
        LoggingSetLevel => LoggingSetLevel,
        "tasks/get" => "tasks/get",
        "tasks/list" => "tasks/list",
        "tasks/result" => "tasks/result",
        "tasks/cancel" => "tasks/cancel",
        _ => "_other",
    };
}
