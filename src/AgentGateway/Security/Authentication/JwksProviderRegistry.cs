using System.Collections.Concurrent;
using AgentGateway.Telemetry;

namespace AgentGateway.Security.Authentication;

/// <summary>
/// Hands out one shared <see cref="JwksProvider"/> per distinct key source, so every route and every configuration
/// revision that names the same JWKS shares its fetches, refresh timer and keys.
/// </summary>
/// <remarks>
/// Sources compare by value (same URL, same absolute file path, same inline JSON). A provider starts loading as soon
/// as it is created; <see cref="WaitForInitialLoadAsync"/> waits (bounded by the fetch timeout) for the first loads.
/// </remarks>
internal sealed class JwksProviderRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<JwksSourceSettings, Lazy<JwksProvider>> _providers = new();
    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly GatewayMetrics? _metrics;
    private int _disposed;

    /// <summary>Creates a registry.</summary>
    /// <param name="httpClient">Client for URL sources, ideally without automatic redirects. Not disposed here.</param>
    /// <param name="timeProvider">Clock and timers for the providers.</param>
    /// <param name="loggerFactory">Creates the providers' loggers.</param>
    /// <param name="options">Fetch options for every provider; defaults when <see langword="null"/>.</param>
    /// <param name="metrics">Counts the providers' loads; null where nothing is measured (unit tests).</param>
    public JwksProviderRegistry(HttpClient httpClient, TimeProvider timeProvider, ILoggerFactory loggerFactory, JwksOptions? options = null, GatewayMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _httpClient = httpClient;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _metrics = metrics;
        Options = options ?? new JwksOptions();
    }

    /// <summary>The options every provider gets.</summary>
    public JwksOptions Options { get; }

    /// <summary>The providers handed out so far.</summary>
    public IReadOnlyCollection<JwksProvider> Providers => [.. _providers.Values.Where(l => l.IsValueCreated).Select(l => l.Value)];

    /// <summary>
    /// The provider for <paramref name="source"/>, created and started (first load in the background) on first request.
    /// </summary>
    /// <exception cref="ArgumentException">An inline key set without a usable key, or a URL that is not absolute http(s).</exception>
    public JwksProvider GetOrCreate(JwksSourceSettings source)
    {
        ArgumentNullException.ThrowIfNull(source);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var key = Normalize(source);
        var lazy = _providers.GetOrAdd(key, k => new Lazy<JwksProvider>(() => Create(k), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Do not cache a failed creation (bad inline JSON): the next configuration may fix it.
            _providers.TryRemove(new KeyValuePair<JwksSourceSettings, Lazy<JwksProvider>>(key, lazy));
            throw;
        }
    }

    /// <summary>Waits until every provider's first load has succeeded or failed (each bounded by the fetch timeout).</summary>
    public Task WaitForInitialLoadAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Providers.Select(p => p.StartAsync(cancellationToken)));

    /// <summary>Disposes the providers whose source is not in <paramref name="inUse"/> (after a configuration reload).</summary>
    public async ValueTask RemoveUnusedAsync(IEnumerable<JwksSourceSettings> inUse)
    {
        ArgumentNullException.ThrowIfNull(inUse);
        var keep = inUse.Select(Normalize).ToHashSet();
        foreach (var (source, lazy) in _providers)
        {
            if (!keep.Contains(source) && _providers.TryRemove(source, out _) && lazy.IsValueCreated)
            {
                await lazy.Value.DisposeAsync();
            }
        }
    }

    /// <summary>Disposes every provider.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var (_, lazy) in _providers)
        {
            if (lazy.IsValueCreated)
            {
                await lazy.Value.DisposeAsync();
            }
        }

        _providers.Clear();
    }

    private JwksProvider Create(JwksSourceSettings source)
    {
        var provider = new JwksProvider(source, Options, _httpClient, _timeProvider, _loggerFactory.CreateLogger<JwksProvider>(), _metrics);
        _ = provider.StartAsync(CancellationToken.None);
        return provider;
    }

    private static JwksSourceSettings Normalize(JwksSourceSettings source) =>
        source is JwksFileSource file ? new JwksFileSource(Path.GetFullPath(file.Path)) : source;
}
