using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentGateway.TestMcpServer;

/// <summary>Low-level handlers: logging/setLevel, completion/complete, resources/(un)subscribe.</summary>
public static class ProtocolHandlers
{
    private static readonly string[] GreetingNames = ["alice", "bob", "carol"];

    /// <summary>logging/setLevel: the SDK records the level; we confirm with a log notification like the reference server.</summary>
    public static async ValueTask<EmptyResult> SetLoggingLevelAsync(
        RequestContext<SetLevelRequestParams> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var level = context.Params?.Level.ToString().ToLowerInvariant() ?? "?";
        await ClientLog.SendAsync(context.Server, LoggingLevel.Info, $"Log level set to: {level}", cancellationToken).ConfigureAwait(false);
        return new EmptyResult();
    }

    /// <summary>
    /// completion/complete: names for the <c>greeting</c> prompt's <c>name</c> argument (prefix match);
    /// an empty list for everything else, as the reference server does.
    /// </summary>
    public static ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string[] values = [];
        if (context.Params is { Ref: PromptReference { Name: "greeting" }, Argument: { Name: "name" } argument })
        {
            values = [.. GreetingNames.Where(n => n.StartsWith(argument.Value ?? "", StringComparison.OrdinalIgnoreCase))];
        }

        return ValueTask.FromResult(new CompleteResult
        {
            Completion = new Completion { Values = values, Total = values.Length, HasMore = false },
        });
    }

    /// <summary>resources/subscribe.</summary>
    public static async ValueTask<EmptyResult> SubscribeAsync(
        RequestContext<SubscribeRequestParams> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var uri = context.Params?.Uri ?? "";
        Registry(context).Add(context.Server.SessionId ?? "", uri);
        await ClientLog.SendAsync(context.Server, LoggingLevel.Info, $"Subscribed to resource: {uri}", cancellationToken).ConfigureAwait(false);
        return new EmptyResult();
    }

    /// <summary>resources/unsubscribe.</summary>
    public static async ValueTask<EmptyResult> UnsubscribeAsync(
        RequestContext<UnsubscribeRequestParams> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var uri = context.Params?.Uri ?? "";
        Registry(context).Remove(context.Server.SessionId ?? "", uri);
        await ClientLog.SendAsync(context.Server, LoggingLevel.Info, $"Unsubscribed from resource: {uri}", cancellationToken).ConfigureAwait(false);
        return new EmptyResult();
    }

    private static ResourceSubscriptions Registry<T>(RequestContext<T> context) =>
        (context.Services ?? context.Server.Services)?.GetService<ResourceSubscriptions>()
        ?? throw new InvalidOperationException("ResourceSubscriptions is not registered");
}
