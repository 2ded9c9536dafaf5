using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentGateway.TestMcpServer.Tools;

/// <summary>Tools used by the gateway's own tests.</summary>
[McpServerToolType]
public static class GatewayTestTools
{
    /// <summary>Exit code of the <c>crash</c> tool.</summary>
    public const int CrashExitCode = 3;

    /// <summary>Echoes the message back.</summary>
    [McpServerTool(Name = "echo")]
    [Description("Echoes the message back as \"Echo: <message>\"")]
    public static string Echo([Description("Text to echo")] string message) => $"Echo: {message}";

    /// <summary>Adds two integers.</summary>
    [McpServerTool(Name = "add")]
    [Description("Adds two integers and returns the sum as text")]
    public static string Add([Description("First addend")] long a, [Description("Second addend")] long b) =>
        (a + b).ToString(CultureInfo.InvariantCulture);

    /// <summary>Waits, honouring cancellation (notifications/cancelled or a dropped request), then returns "done".</summary>
    [McpServerTool(Name = "slow")]
    [Description("Waits the given number of milliseconds (cancellable), then returns \"done\"")]
    public static async Task<string> Slow([Description("Milliseconds to wait")] int ms, CancellationToken cancellationToken)
    {
        await Task.Delay(Math.Max(0, ms), cancellationToken).ConfigureAwait(false);
        return "done";
    }

    /// <summary>In stdio mode exits the process at once with code 3; over HTTP returns a tool error.</summary>
    [McpServerTool(Name = "crash")]
    [Description("Exits the server process immediately with code 3 (stdio only; over HTTP returns an error)")]
    public static CallToolResult Crash(TestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Transport == TestServerTransport.Stdio)
        {
            Environment.Exit(CrashExitCode);
        }

        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = "crash is only supported over stdio" }],
        };
    }

    /// <summary>Returns the incoming HTTP Authorization header, "none" without one, or "stdio".</summary>
    [McpServerTool(Name = "whoami")]
    [Description("Returns the Authorization header of the HTTP request carrying this call (\"none\" if absent, \"stdio\" over stdio)")]
    public static string WhoAmI(TestServerOptions options, RequestContext<CallToolRequestParams> context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (options.Transport == TestServerTransport.Stdio)
        {
            return "stdio";
        }

        var accessor = context.Services?.GetService<IHttpContextAccessor>();
        var header = accessor?.HttpContext?.Request.Headers.Authorization.ToString();
        return string.IsNullOrEmpty(header) ? "none" : header;
    }

    /// <summary>
    /// Returns the W3C trace context this call arrived with, as JSON text:
    /// <c>{"meta":{"traceparent":…,"tracestate":…},"header":{"traceparent":…,"tracestate":…}}</c> (null where absent;
    /// <c>header</c> is null over stdio).
    /// </summary>
    [McpServerTool(Name = "tracecontext")]
    [Description("Returns the traceparent/tracestate of params._meta and of the HTTP request carrying this call, as JSON")]
    public static string TraceContext(TestServerOptions options, RequestContext<CallToolRequestParams> context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var meta = context.Params?.Meta;
        var result = new System.Text.Json.Nodes.JsonObject
        {
            ["meta"] = new System.Text.Json.Nodes.JsonObject
            {
                ["traceparent"] = meta?["traceparent"]?.DeepClone(),
                ["tracestate"] = meta?["tracestate"]?.DeepClone(),
            },
        };
        if (options.Transport != TestServerTransport.Stdio
            && context.Services?.GetService<IHttpContextAccessor>()?.HttpContext?.Request.Headers is { } headers)
        {
            result["header"] = new System.Text.Json.Nodes.JsonObject
            {
                ["traceparent"] = headers.TryGetValue("traceparent", out var parent) ? parent.ToString() : null,
                ["tracestate"] = headers.TryGetValue("tracestate", out var state) ? state.ToString() : null,
            };
        }
        else
        {
            result["header"] = null;
        }

        return result.ToJsonString();
    }

    /// <summary>Returns the values of an incoming HTTP request header (comma-joined), "none" without one, or "stdio".</summary>
    [McpServerTool(Name = "header")]
    [Description("Returns the named header of the HTTP request carrying this call (\"none\" if absent, \"stdio\" over stdio)")]
    public static string Header(TestServerOptions options, RequestContext<CallToolRequestParams> context, [Description("Header name")] string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (options.Transport == TestServerTransport.Stdio)
        {
            return "stdio";
        }

        var accessor = context.Services?.GetService<IHttpContextAccessor>();
        var values = accessor?.HttpContext?.Request.Headers[name] ?? default;
        return values.Count == 0 ? "none" : values.ToString();
    }

    /// <summary>Returns an environment variable of the server process.</summary>
    [McpServerTool(Name = "env")]
    [Description("Returns the value of an environment variable of the server process, or \"<unset>\"")]
    public static string Env([Description("Variable name")] string name) =>
        Environment.GetEnvironmentVariable(name) ?? "<unset>";

    /// <summary>Asks the client to sample and returns the sampled text.</summary>
    [McpServerTool(Name = "sample")]
    [Description("Sends sampling/createMessage with the prompt to the client and returns the sampled text")]
    public static async Task<string> Sample(
        McpServer server,
        [Description("Prompt to send")] string prompt,
        [Description("maxTokens for the request")] int maxTokens = 100,
        CancellationToken cancellationToken = default) =>
        await ClientRequests.SampleTextAsync(server, prompt, maxTokens, cancellationToken).ConfigureAwait(false) ?? "";

    /// <summary>Asks the client to elicit input and returns <c>{"action":…,"content":…}</c>.</summary>
    [McpServerTool(Name = "elicit")]
    [Description("Sends elicitation/create (one string field \"response\") and returns {\"action\":...,\"content\":...} as JSON text")]
    public static async Task<string> Elicit(
        McpServer server,
        [Description("Message shown to the user")] string message = "Please respond",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var result = await server.ElicitAsync(
            new ElicitRequestParams
            {
                Message = message,
                RequestedSchema = new ElicitRequestParams.RequestSchema
                {
                    Properties = { ["response"] = new ElicitRequestParams.StringSchema { Description = "Your response" } },
                },
            },
            cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Serialize(new ElicitOutcome(result.Action, result.Content));
    }

    /// <summary>
    /// Sends <paramref name="steps"/> progress notifications (if the call carried a progress token), pausing
    /// <paramref name="delayMs"/> after each, then returns "done".
    /// </summary>
    /// <remarks>
    /// The pause matters: the TypeScript SDK client drops progress notifications that arrive in the same read as the
    /// final response (it dispatches notifications on a later microtask, after the response has removed the handler).
    /// </remarks>
    [McpServerTool(Name = "progress")]
    [Description("Sends the given number of notifications/progress for this call's progressToken (delayMs apart), then returns \"done\"")]
    public static async Task<string> Progress(
        McpServer server,
        RequestContext<CallToolRequestParams> context,
        [Description("Number of progress notifications")] int steps,
        [Description("Pause after each notification, in milliseconds")] int delayMs = 20,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(context);
        var token = context.Params?.ProgressToken;
        for (var i = 1; i <= steps && token is not null; i++)
        {
            await server.NotifyProgressAsync(
                token.Value,
                new ProgressNotificationValue
                {
                    Progress = i,
                    Total = steps,
                    Message = string.Create(CultureInfo.InvariantCulture, $"step {i} of {steps}"),
                },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (delayMs > 0)
            {
                await Task.Delay(delayMs, cancellationToken).ConfigureAwait(false);
            }
        }

        return "done";
    }
}
