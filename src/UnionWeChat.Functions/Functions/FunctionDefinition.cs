namespace UnionWeChat.Functions.Functions;

/// <summary>Who may call an HTTP function through the Functions host (function.json authLevel).</summary>
public enum AuthLevel
{
    /// <summary>No function key: the app authenticates (WeChat signature, staff sign-in, OAuth).</summary>
    Anonymous,
    /// <summary>The host demands a function key before forwarding.</summary>
    Function,
    /// <summary>The host demands the master key.</summary>
    Admin,
}

/// <summary>One function of the app, declared once in <see cref="FunctionCatalog"/>.</summary>
public abstract record FunctionDefinition(string Name);

/// <summary>An HTTP-triggered function; the host forwards the request to the same route on the app.</summary>
/// <param name="Route">Route below the host's <c>api/</c> prefix, in the host's route template syntax.</param>
public sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods, AuthLevel AuthLevel)
    : FunctionDefinition(Name);

/// <summary>A timer-triggered function; <paramref name="Schedule"/> is a 6-field NCRONTAB expression (with seconds), UTC.</summary>
public sealed record TimerFunction(string Name, string Schedule, Type Job) : FunctionDefinition(Name);
