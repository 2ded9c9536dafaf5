using System.Collections.Concurrent;

namespace AgentGateway.TestMcpServer;

/// <summary>Resource URIs each session subscribed to (one instance per server host, registered in DI).</summary>
public sealed class ResourceSubscriptions
{
    private readonly ConcurrentDictionary<(string Session, string Uri), byte> _subscriptions = new();

    /// <summary>Records a subscription.</summary>
    public void Add(string session, string uri) => _subscriptions.TryAdd((session, uri), 0);

    /// <summary>Removes a subscription; returns whether it existed.</summary>
    public bool Remove(string session, string uri) => _subscriptions.TryRemove((session, uri), out _);

    /// <summary>Returns whether <paramref name="session"/> is subscribed to <paramref name="uri"/>.</summary>
    public bool Contains(string session, string uri) => _subscriptions.ContainsKey((session, uri));
}
