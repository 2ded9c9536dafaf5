namespace AgentGateway.Telemetry;

/// <summary>
/// The last requests the data plane served, in a fixed-size ring, for the admin API's <c>GET /requests</c> and the web UI.
/// </summary>
/// <remarks>
/// <para>
/// Recording is lock-free and costs one allocation (the entry) and one interlocked increment: the slot is picked from
/// the sequence number and overwritten with a single reference write, so writers never wait for each other or for a
/// reader. A reader copies the slots and orders them by sequence; an entry overwritten while it reads is simply
/// replaced by a newer one. The ring is off (capacity 0, nothing recorded) when the admin address is off.
/// </para>
/// <para>Entries carry what the access log carries, minus anything secret: see <see cref="RecentRequest"/>.</para>
/// </remarks>
internal sealed class RecentRequests
{
    /// <summary>How many requests the admin address keeps.</summary>
    public const int DefaultCapacity = 200;

    /// <summary>Longest path kept; longer ones are cut (a path is the caller's choice, and the ring's size must stay bounded).</summary>
    public const int MaxPathLength = 256;

    private const int MaxSubjectLength = 128;

    private readonly RecentRequest?[] _slots;
    private long _sequence;

    /// <summary>Creates a ring of <paramref name="capacity"/> entries; 0 records nothing.</summary>
    public RecentRequests(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _slots = new RecentRequest?[capacity];
    }

    /// <summary>Whether requests are recorded.</summary>
    public bool Enabled => _slots.Length > 0;

    /// <summary>How many requests are kept.</summary>
    public int Capacity => _slots.Length;

    /// <summary>How many requests were recorded since the start.</summary>
    public long Total => Volatile.Read(ref _sequence);

    /// <summary>Records a request that ended (a no-op when the ring is off).</summary>
    public void Add(
        DateTimeOffset time, string route, string method, string path, int status, string reason, TimeSpan duration,
        string? mcpMethod, string? mcpTarget, string? mcpName, string? subject, string? session)
    {
        if (_slots.Length == 0)
        {
            return;
        }

        var sequence = Interlocked.Increment(ref _sequence);
        var entry = new RecentRequest(
            sequence, time, route, method, Cut(path, MaxPathLength), status, reason, Math.Round(duration.TotalMilliseconds, 1),
            mcpMethod, mcpTarget, mcpName, subject is null ? null : Cut(subject, MaxSubjectLength), session);
        Volatile.Write(ref _slots[(int)((sequence - 1) % _slots.Length)], entry);
    }

    /// <summary>The requests kept, newest first, at most <paramref name="limit"/> of them.</summary>
    public IReadOnlyList<RecentRequest> Newest(int limit = int.MaxValue)
    {
        var list = new List<RecentRequest>(_slots.Length);
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is { } entry)
            {
                list.Add(entry);
            }
        }

        list.Sort(static (a, b) => b.Sequence.CompareTo(a.Sequence));
        if (list.Count > limit)
        {
            list.RemoveRange(limit, list.Count - limit);
        }

        return list;
    }

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];
}
