using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgentGateway.Tests.Security.Authentication;

/// <summary>Keeps every formatted log message.</summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _messages.Enqueue($"{logLevel} {eventId.Id} {formatter(state, exception)}");
}
