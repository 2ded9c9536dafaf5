namespace AgentGateway.Config.Loading;

/// <summary>Finds the known key closest to a misspelled one, for "did you mean" hints.</summary>
internal static class KeySuggester
{
    /// <summary>
    /// The candidate closest to <paramref name="key"/>: one that differs only in case, <c>_</c> or <c>-</c>
    /// (<c>path_prefix</c> → <c>pathPrefix</c>), or else one within a small edit distance (a third of the key's length,
    /// between 1 and 3). Null when nothing is close.
    /// </summary>
    public static string? Suggest(string key, IEnumerable<string> candidates)
    {
        var normalizedKey = Normalize(key);
        var lowerKey = key.ToLowerInvariant();
        var maxDistance = Math.Clamp(key.Length / 3, 1, 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (Normalize(candidate) == normalizedKey)
            {
                return candidate;
            }

            var distance = Distance(lowerKey, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= maxDistance ? best : null;
    }

    private static string Normalize(string key) => key.Replace("_", "", StringComparison.Ordinal)
        .Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
