using System.Globalization;
using AgentGateway.Cel;
using AgentGateway.Config.Model;

namespace AgentGateway.Proxy.RateLimiting;

/// <summary>
/// One compiled <c>localRateLimit</c> rule: its bucket (no key), or its table of buckets per key value. Lives in the
/// snapshot with its buckets; a reload that changes the rules builds new ones, whose buckets start full.
/// </summary>
/// <remarks>
/// A key that cannot be computed for a request (an error such as <c>jwt.sub</c> of an anonymous caller, or a value
/// that is not a string, number or bool) sends it to one shared "unkeyed" bucket of the rule: such requests are
/// limited together, never let through unlimited.
/// </remarks>
internal sealed class LocalRateLimitRule
{
    private readonly RateLimitParameters _parameters;
    private readonly RateLimitBucketTable? _table;
    private readonly int _index;
    private TokenBucket? _shared;

    private LocalRateLimitRule(RateLimitParameters parameters, CelProgram? key, RateLimitScope scope, int index, int capacity)
    {
        _parameters = parameters;
        _index = index;
        Key = key;
        Scope = scope;
        _table = key is null ? null : new RateLimitBucketTable(parameters, capacity);
    }

    /// <summary>The CEL key, or null for one bucket per rule.</summary>
    public CelProgram? Key { get; }

    /// <summary>Whether the rule counts HTTP requests or MCP tool calls.</summary>
    public RateLimitScope Scope { get; }

    /// <summary>The table of keyed buckets, or null for a rule without key.</summary>
    internal RateLimitBucketTable? Table => _table;

    /// <summary>Compiles a validated rule: a key that compiles over the request's variables counts HTTP requests, one that needs <c>mcp</c> counts tool calls.</summary>
    public static LocalRateLimitRule Compile(LocalRateLimitConfig config, int index, int capacity = RateLimitBucketTable.DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(config);
        var parameters = RateLimitParameters.Create(config.MaxTokens, config.TokensPerFill,
            config.FillInterval ?? throw new ArgumentException("fillInterval is required (validation should have caught this)", nameof(config)));
        if (config.Key is not { } key)
        {
            return new LocalRateLimitRule(parameters, null, RateLimitScope.Http, index, capacity);
        }

        CelProgram program;
        var scope = RateLimitScope.Http;
        try
        {
            program = GatewayCel.RequestRules.Compile(key);
        }
        catch (CelCompileException)
        {
            program = GatewayCel.McpRules.Compile(key);
            scope = RateLimitScope.Mcp;
        }

        return new LocalRateLimitRule(parameters, program, scope, index, capacity);
    }

    /// <summary>Takes a token for the request (or tool call) whose variables are <paramref name="activation"/>.</summary>
    public RateLimitDecision Acquire(ICelActivation? activation, long now)
    {
        if (_table is null || activation is null || KeyOf(Key!.Evaluate(activation)) is not { } key)
        {
            return AcquireShared(now);
        }

        return _table.Acquire(key, now);
    }

    private RateLimitDecision AcquireShared(long now)
    {
        while (true)
        {
            var bucket = Volatile.Read(ref _shared);
            if (bucket is null)
            {
                Interlocked.CompareExchange(ref _shared, new TokenBucket(_parameters, now), null);
                continue;
            }

            // The shared bucket is never evicted, so this always answers.
            if (bucket.TryAcquire(now) is { } decision)
            {
                return decision;
            }
        }
    }

    /// <summary>The bucket key of a key value; null when the value cannot name a bucket.</summary>
    internal static string? KeyOf(CelValue value) => value.Kind switch
    {
        CelValueKind.String => value.AsString(),
        CelValueKind.Int => value.AsInt64().ToString(CultureInfo.InvariantCulture),
        CelValueKind.Uint => value.AsUInt64().ToString(CultureInfo.InvariantCulture),
        CelValueKind.Double => value.AsDouble().ToString("R", CultureInfo.InvariantCulture),
        CelValueKind.Bool => value.AsBool() ? "true" : "false",
        _ => null,
    };

    /// <inheritdoc/>
    public override string ToString() => $"localRateLimit[{_index}]";
}
