namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>Waiting for a condition by polling, with a deadline (never a bare sleep).</summary>
internal static class Poll
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns once <paramref name="condition"/> holds; fails with <paramref name="because"/> after <paramref name="timeout"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> because, CancellationToken cancellationToken) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, because, cancellationToken);

    /// <summary>Returns once <paramref name="condition"/> holds; fails with <paramref name="because"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> because, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s: {because()}");
            }

            await Task.Delay(s_interval, cancellationToken);
        }
    }
}
