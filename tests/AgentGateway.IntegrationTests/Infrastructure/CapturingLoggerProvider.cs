using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>One captured log line.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    /// <summary>The structured fields of the line (what a JSON formatter writes), empty when the state has none.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> State { get; init; } = [];

    public override string ToString() =>
        $"{Level} {Category}[{EventId.Id}] {Message}{(Exception is null ? "" : " | " + Exception.GetType().Name + ": " + Exception.Message)}";
}

/// <summary>Keeps every log line of a gateway in memory, for assertions and for failure messages.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>The captured lines as text (to attach to an assertion message).</summary>
    public string Dump() => string.Join(Environment.NewLine, _entries);

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception)
            {
                State = state is IReadOnlyList<KeyValuePair<string, object?>> fields ? [.. fields] : [],
            });
    }
}
