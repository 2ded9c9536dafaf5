using System.Security.Cryptography;
using System.Text;
using AgentGateway.Telemetry;
using Microsoft.IdentityModel.Tokens;

namespace AgentGateway.Security.Authentication;

/// <summary>
/// The signing keys of one JWKS source, kept fresh: loaded at start, refreshed on a timer, refetched on demand for an
/// unknown <c>kid</c>, and never replaced by a failed or garbage load.
/// </summary>
/// <remarks>
/// <para>
/// All loads go through one single-flight slot: a load asked for while one runs joins it. Readers only ever see
/// <see cref="Snapshot"/>, an immutable key set swapped atomically.
/// </para>
/// <para>
/// URL sources: each fetch has <see cref="JwksOptions.FetchTimeout"/>, its body is capped, redirects are never followed
/// to another origin (and not at all when the handler does not follow them), and the next refresh is after the
/// response's <c>Cache-Control: max-age</c> clamped to [<see cref="JwksOptions.MinRefreshInterval"/>,
/// <see cref="JwksOptions.MaxRefreshInterval"/>], or <see cref="JwksOptions.DefaultRefreshInterval"/>. A failed load
/// is retried after <see cref="JwksOptions.FailureRetryInitial"/>, doubling per failure up to
/// <see cref="JwksOptions.FailureRetryMax"/> (±20 % jitter, so gateways restarted together do not fetch in step).
/// </para>
/// <para>
/// File sources are checked every <see cref="JwksOptions.FilePollInterval"/> (size and modification time) and read
/// again when they changed; polling survives editors that replace files and Kubernetes' symlink swaps, where a
/// <see cref="FileSystemWatcher"/> loses track. Inline sources are parsed once, in the constructor.
/// </para>
/// <para>
/// <see cref="TryForceRefreshAsync"/> is the unknown-<c>kid</c> path: at most one forced load per
/// <see cref="JwksOptions.ForcedRefreshCooldown"/>, so a flood of forged <c>kid</c>s costs a handful of fetches.
/// </para>
/// </remarks>
internal sealed partial class JwksProvider : IAsyncDisposable
{
    private readonly JwksOptions _options;
    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly GatewayMetrics? _metrics;
    private readonly CryptoProviderFactory _cryptoProviderFactory = new() { CacheSignatureProviders = false };
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly ITimer? _timer;
    private readonly Lock _gate = new();
    private readonly string _description;

    private volatile JwksSnapshot _snapshot = JwksSnapshot.Empty;
    private Task<bool>? _inflight;
    private Task? _startTask;
    private bool _disposed;
    private bool _hasForced;
    private long _lastForcedTimestamp;
    private int _consecutiveFailures;
    private long _fetchCount;
    private long _failedFetchCount;
    private FileStamp _fileStamp;
    private DateTimeOffset? _nextRefreshAt;

    /// <summary>Creates a provider. Nothing is fetched before <see cref="StartAsync"/>, except that an inline key set is parsed here.</summary>
    /// <param name="source">Where the keys come from.</param>
    /// <param name="options">Timeouts, intervals and limits.</param>
    /// <param name="httpClient">Client for URL sources; best built without automatic redirects. Not disposed here.</param>
    /// <param name="timeProvider">Clock and timers.</param>
    /// <param name="logger">Receives one entry per load (source, outcome, key count, duration); never key material.</param>
    /// <param name="metrics">Counts loads by outcome; null where nothing is measured (unit tests).</param>
    /// <exception cref="ArgumentException">An inline key set has no usable key, or a URL is not absolute http(s).</exception>
    public JwksProvider(JwksSourceSettings source, JwksOptions options, HttpClient httpClient, TimeProvider timeProvider, ILogger logger, GatewayMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Source = source;
        _options = options;
        _httpClient = httpClient;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;
        _description = source.Describe();

        switch (source)
        {
            case JwksUrlSource url:
                if (!url.Url.IsAbsoluteUri || (url.Url.Scheme != Uri.UriSchemeHttps && url.Url.Scheme != Uri.UriSchemeHttp))
                {
                    throw new ArgumentException($"JWKS URL '{_description}' must be an absolute http or https URL.", nameof(source));
                }

                _timer = timeProvider.CreateTimer(static s => ((JwksProvider)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                break;
            case JwksFileSource:
                _timer = timeProvider.CreateTimer(static s => ((JwksProvider)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                break;
            case JwksInlineSource inline:
                var result = JwksParser.Parse(Encoding.UTF8.GetBytes(inline.Json), options.MaxKeys, _cryptoProviderFactory);
                if (!result.Success)
                {
                    throw new ArgumentException($"The inline JWKS has no usable signing key: {result.Error}.", nameof(source));
                }

                _fetchCount = 1;
                Publish(result);
                _startTask = Task.CompletedTask;
                break;
            default:
                throw new ArgumentException($"Unknown JWKS source {source.GetType().Name}.", nameof(source));
        }
    }

    /// <summary>The source this provider loads.</summary>
    public JwksSourceSettings Source { get; }

    /// <summary>The current key set; <see cref="JwksSnapshot.Empty"/> until a load succeeded. Read it once per validation.</summary>
    public JwksSnapshot Snapshot => _snapshot;

    /// <summary>Loads attempted (HTTP fetches, file reads; 1 for an inline set).</summary>
    public long FetchCount => Interlocked.Read(ref _fetchCount);

    /// <summary>Loads that failed (network, status, timeout, size, garbage, no usable key).</summary>
    public long FailedFetchCount => Interlocked.Read(ref _failedFetchCount);

    /// <summary>Whether a load is running now.</summary>
    public bool IsLoading
    {
        get
        {
            lock (_gate)
            {
                return _inflight is not null;
            }
        }
    }

    /// <summary>When the timer will next load (or, for files, look at the file); <see langword="null"/> when nothing is scheduled.</summary>
    public DateTimeOffset? NextRefreshAt
    {
        get
        {
            lock (_gate)
            {
                return _nextRefreshAt;
            }
        }
    }

    /// <summary>
    /// Does the first load and starts the refresh timer. Completes when the first load has succeeded or failed
    /// (bounded by <see cref="JwksOptions.FetchTimeout"/>); a failure is not thrown, it is retried by the timer, and
    /// validations get <see cref="JwtFailureReason.KeysUnavailable"/> meanwhile. Calling it again returns the first call's work.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _startTask ??= BeginLoadLocked(LoadReason.Startup);
        }

        return _startTask.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Loads the key set again now, for a token whose <c>kid</c> is unknown or whose signature failed with a known
    /// <c>kid</c>. Single-flight: joins a load already running. Returns <see langword="false"/> without loading when a
    /// forced load started less than <see cref="JwksOptions.ForcedRefreshCooldown"/> ago, for inline sets, and after
    /// disposal; otherwise whether the load succeeded (compare <see cref="JwksSnapshot.Generation"/> to see whether keys changed).
    /// </summary>
    public ValueTask<bool> TryForceRefreshAsync(CancellationToken cancellationToken)
    {
        Task<bool> load;
        lock (_gate)
        {
            if (_disposed || Source is JwksInlineSource)
            {
                return new(false);
            }

            if (_inflight is not null)
            {
                load = _inflight;
            }
            else
            {
                var now = _timeProvider.GetTimestamp();
                if (_hasForced && _timeProvider.GetElapsedTime(_lastForcedTimestamp, now) < _options.ForcedRefreshCooldown)
                {
                    return new(false);
                }

                _hasForced = true;
                _lastForcedTimestamp = now;
                load = BeginLoadLocked(LoadReason.Forced);
            }
        }

        return load.IsCompleted ? new(load.Result) : new(load.WaitAsync(cancellationToken));
    }

    /// <summary>Stops the timer and cancels a running load. The last snapshot stays readable.</summary>
    public async ValueTask DisposeAsync()
    {
        Task<bool>? inflight;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _nextRefreshAt = null;
            inflight = _inflight;
        }

        await _disposeCts.CancelAsync();
        _timer?.Dispose();
        if (inflight is not null)
        {
            await inflight;
        }

        _disposeCts.Dispose();
    }

    private void OnTimer()
    {
        if (Source is JwksFileSource file)
        {
            FileStamp last;
            lock (_gate)
            {
                last = _fileStamp;
            }

            if (FileStamp.Of(file.Path) == last)
            {
                Schedule(_options.FilePollInterval);
                return;
            }

            _ = BeginLoad(LoadReason.FileChanged);
            return;
        }

        _ = BeginLoad(LoadReason.Scheduled);
    }

    private Task<bool> BeginLoad(LoadReason reason)
    {
        lock (_gate)
        {
            return _disposed ? Task.FromResult(false) : BeginLoadLocked(reason);
        }
    }

    // Called under _gate: joins the running load or starts one. The load itself runs after the lock is released
    // (it is started through the thread pool), and publishes its snapshot before completing the shared task.
    private Task<bool> BeginLoadLocked(LoadReason reason)
    {
        if (_inflight is not null)
        {
            return _inflight;
        }

        var completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _inflight = completion.Task;
        _ = Task.Run(() => LoadAndCompleteAsync(reason, completion));
        return completion.Task;
    }

    private async Task LoadAndCompleteAsync(LoadReason reason, TaskCompletionSource<bool> completion)
    {
        var succeeded = false;
        try
        {
            succeeded = await LoadOnceAsync(reason);
        }
        finally
        {
            lock (_gate)
            {
                _inflight = null;
            }

            completion.SetResult(succeeded);
        }
    }

    private async Task<bool> LoadOnceAsync(LoadReason reason)
    {
        Interlocked.Increment(ref _fetchCount);
        var started = _timeProvider.GetTimestamp();
        var outcome = Source switch
        {
            JwksUrlSource url => await FetchUrlAsync(url.Url),
            JwksFileSource file => await ReadFileAsync(file.Path),
            _ => new LoadOutcome(null, "not reloadable", null),
        };
        var durationMs = (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds;

        foreach (var skipped in outcome.Result?.Skipped ?? [])
        {
            Log.KeySkipped(_logger, _description, skipped);
        }

        if (outcome.Result is { Success: true } result)
        {
            _metrics?.RecordJwksFetch(succeeded: true);
            _consecutiveFailures = 0;
            var changed = Publish(result);
            var next = Source is JwksFileSource
                ? _options.FilePollInterval
                : Clamp(outcome.MaxAge ?? _options.DefaultRefreshInterval, _options.MinRefreshInterval, _options.MaxRefreshInterval);
            Schedule(next);
            if (changed)
            {
                Log.Loaded(_logger, _description, reason, result.Keys.Count, _snapshot.Generation, durationMs, next);
            }
            else
            {
                Log.Unchanged(_logger, _description, reason, result.Keys.Count, durationMs, next);
            }

            return true;
        }

        Interlocked.Increment(ref _failedFetchCount);
        _metrics?.RecordJwksFetch(succeeded: false);
        _consecutiveFailures++;
        var retry = Source is JwksFileSource ? _options.FilePollInterval : Backoff(_consecutiveFailures);
        if (_disposeCts.IsCancellationRequested)
        {
            return false;
        }

        Schedule(retry);
        var kept = _snapshot.Keys.Count;
        Log.LoadFailed(_logger, _description, reason, outcome.Error ?? outcome.Result?.Error ?? "failed", kept, durationMs, retry);
        return false;
    }

    private bool Publish(JwksParseResult result)
    {
        var current = _snapshot;
        if (!current.IsEmpty && current.Fingerprint.AsSpan().SequenceEqual(result.Fingerprint))
        {
            return false;
        }

        _snapshot = new JwksSnapshot(current.Generation + 1, result.Keys, result.Fingerprint, _timeProvider.GetUtcNow());
        return true;
    }

    private void Schedule(TimeSpan delay)
    {
        lock (_gate)
        {
            if (_disposed || _timer is null)
            {
                return;
            }

            _nextRefreshAt = _timeProvider.GetUtcNow() + delay;
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var exponent = Math.Min(failures - 1, 30);
        var delay = Math.Min(_options.FailureRetryInitial.TotalMilliseconds * Math.Pow(2, exponent), _options.FailureRetryMax.TotalMilliseconds);
        var jitter = 0.8 + (RandomNumberGenerator.GetInt32(0, 401) / 1000.0);
        return TimeSpan.FromMilliseconds(Math.Min(delay * jitter, _options.FailureRetryMax.TotalMilliseconds));
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min ? min : value > max ? max : value;

    /// <summary>Why a load ran (logged).</summary>
    private enum LoadReason
    {
        Startup,
        Scheduled,
        Forced,
        FileChanged,
    }
}
