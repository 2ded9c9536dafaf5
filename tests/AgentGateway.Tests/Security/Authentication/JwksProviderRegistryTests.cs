using AgentGateway.Security.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgentGateway.Tests.Security.Authentication;

public sealed class JwksProviderRegistryTests(JwksServerFixture server) : IClassFixture<JwksServerFixture>
{
    [Fact]
    public async Task GetOrCreate_SameSourceSharesOneProvider()
    {
        var endpoint = server.CreateEndpoint(TestKeys.Rsa);
        var other = server.CreateEndpoint(TestKeys.Ec256);
        await using var registry = new JwksProviderRegistry(server.Client, new FakeTimeProvider(), NullLoggerFactory.Instance);

        var a = registry.GetOrCreate(new JwksUrlSource(endpoint.Url));
        var b = registry.GetOrCreate(new JwksUrlSource(new Uri(endpoint.Url.ToString())));
        var c = registry.GetOrCreate(new JwksUrlSource(other.Url));
        await registry.WaitForInitialLoadAsync(TestContext.Current.CancellationToken);

        Assert.Same(a, b);
        Assert.NotSame(a, c);
        Assert.Equal(1, endpoint.Requests); // created means started: one first load, shared
        Assert.False(a.Snapshot.IsEmpty);
        Assert.Equal(2, registry.Providers.Count);
    }

    [Fact]
    public async Task GetOrCreate_FilePathsAreCompared()
    {
        var path = Path.Combine(Path.GetTempPath(), $"jwks-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, TestTokenFactory.Jwks(TestKeys.Rsa), TestContext.Current.CancellationToken);
        try
        {
            await using var registry = new JwksProviderRegistry(server.Client, new FakeTimeProvider(), NullLoggerFactory.Instance);
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);

            Assert.Same(registry.GetOrCreate(new JwksFileSource(path)), registry.GetOrCreate(new JwksFileSource(relative)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RemoveUnused_DisposesProvidersNoLongerNamed()
    {
        var keep = server.CreateEndpoint(TestKeys.Rsa);
        var drop = server.CreateEndpoint(TestKeys.Rsa);
        await using var registry = new JwksProviderRegistry(server.Client, new FakeTimeProvider(), NullLoggerFactory.Instance);
        var kept = registry.GetOrCreate(new JwksUrlSource(keep.Url));
        var dropped = registry.GetOrCreate(new JwksUrlSource(drop.Url));
        await registry.WaitForInitialLoadAsync(TestContext.Current.CancellationToken);

        await registry.RemoveUnusedAsync([new JwksUrlSource(keep.Url)]);

        Assert.Equal([kept], registry.Providers);
        Assert.False(await dropped.TryForceRefreshAsync(TestContext.Current.CancellationToken));
        Assert.NotSame(dropped, registry.GetOrCreate(new JwksUrlSource(drop.Url)));
    }

    [Fact]
    public async Task GetOrCreate_BadInlineSet_ThrowsAndIsNotKept()
    {
        await using var registry = new JwksProviderRegistry(server.Client, new FakeTimeProvider(), NullLoggerFactory.Instance);

        Assert.Throws<ArgumentException>(() => registry.GetOrCreate(new JwksInlineSource("{}")));
        Assert.Empty(registry.Providers);
    }
}
