using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActionLogement.IntegrationTests.Infrastructure;

/// <summary>
/// What the shared API host's web server logged at warning level or above: Kestrel reports there what went wrong on a
/// connection after the application answered, which no response shows.
/// </summary>
public sealed class KestrelLog : ILoggerProvider
{
    public static ConcurrentQueue<string> Warnings { get; } = new();

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) ? new Recorder() : NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Recorder : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Warnings.Enqueue($"{formatter(state, exception)} {exception?.GetType().Name}: {exception?.Message}");
            }
        }
    }

    private sealed class NullLogger : ILogger
    {
        public static readonly NullLogger Instance = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
