namespace UnionWeChat.Functions.Platform.Hosting;

/// <summary>
/// Hands out loggers that mask openids (<see cref="LogRedaction"/>) in the message, the state and the exception
/// text before any provider sees them. Wrapping the factory rather than one provider covers every provider,
/// and "Logging:Console:…" rules keep matching the console provider by its own type.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        // Scopes pass as they are: the app opens none, ASP.NET Core's carry the path and ids but not the query,
        // and the console formatters print none.
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }
            inner.Log(logLevel, eventId, new RedactedLogState<TState>(state, exception, formatter), Redact(exception), static (s, _) => s.Message);
        }

        private static Exception? Redact(Exception? exception)
        {
            if (exception is null)
            {
                return null;
            }
            var text = exception.ToString();
            var masked = LogRedaction.Redact(text);
            return masked == text ? exception : new RedactedException(masked, LogRedaction.Redact(exception.Message));
        }
    }

    // Stands in for an exception whose text held an openid (a bad request line, a URL); its text keeps the type name.
#pragma warning disable CA1032, CA1064 // never thrown or caught, only logged
    private sealed class RedactedException(string text, string message) : Exception(message)
    {
        public override string ToString() => text;
    }
#pragma warning restore CA1032, CA1064
}
