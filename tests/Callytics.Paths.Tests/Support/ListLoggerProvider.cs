using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Callytics.Paths.Tests.Support;

/// <summary>Collects every log line written through it, for assertions on what the library logs; fails on a test password.</summary>
public sealed class ListLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, Lines);

    public void Dispose()
    {
    }

    private sealed class ListLogger(string category, ConcurrentQueue<(string, LogLevel, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The message and the exception logged with it are both output: neither may show a test password.
            string message = SecretScan.Checked(formatter(state, exception), $"log {category}");
            _ = SecretScan.Checked(exception?.ToString() ?? string.Empty, $"log {category} exception");
            lines.Enqueue((category, logLevel, message));
        }
    }
}
