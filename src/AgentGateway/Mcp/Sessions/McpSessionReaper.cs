namespace AgentGateway.Mcp.Sessions;

/// <summary>Ends sessions idle for longer than their TTL (<c>config.mcp.sessionTtl</c>, default 30 minutes).</summary>
internal sealed partial class McpSessionReaper : BackgroundService
{
    private readonly McpSessionStore _store;
    private readonly McpStatelessSessionPool _pool;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<McpSessionReaper> _logger;

    public McpSessionReaper(McpSessionStore store, McpStatelessSessionPool pool, TimeProvider timeProvider, ILogger<McpSessionReaper> logger)
    {
        _store = store;
        _pool = pool;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>How often sessions are checked.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReapAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Ends every idle, expired session now, and forgets the ended streams kept past their retention.</summary>
    public async Task ReapAsync()
    {
        foreach (var session in _store.All)
        {
            session.Streams?.Sweep(session.Backend.Options.StreamRetention, session.Backend.Options.DeliveredStreamRetention);
            if (!session.IsBusy && session.IdleTime > session.Backend.Options.SessionTtl && _store.TryRemove(session.Id, out _))
            {
                Log.SessionExpired(_logger, session.Backend.Key);
                await session.DisposeAsync();
            }
        }

        await _pool.TrimAsync();
    }

    /// <summary>Ends every session (shutdown).</summary>
    public async Task EndAllAsync()
    {
        var tasks = new List<Task>();
        foreach (var session in _store.All)
        {
            if (_store.TryRemove(session.Id, out _))
            {
                tasks.Add(session.DisposeAsync().AsTask());
            }
        }

        tasks.Add(_pool.ClearAsync());
        await Task.WhenAll(tasks);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await EndAllAsync();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "MCP session on backend '{Backend}' expired after being idle.")]
        public static partial void SessionExpired(ILogger logger, string backend);
    }
}
