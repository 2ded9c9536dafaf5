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

    /// <summary>The lowest level captured (and reported enabled); may change while in use, as a log level can at run time.</summary>
    public LogLevel MinimumLevel { get; set; } = LogLevel.Trace;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            _messages.Enqueue($"{logLevel} {eventId.Id} {formatter(state, exception)}");
        }
    }
}
