namespace UnionWeChat.Functions.Platform.Hosting;

/// <summary>
/// Why a rule said no, in words for staff: a conflict with the thing's state, or a person not allowed to do it;
/// <see cref="Code"/> is a stable name for programs when there is one (<c>audience-empty</c>).
/// </summary>
public sealed record Refusal(string Reason, bool Forbidden = false, string? Code = null);

/// <summary>
/// What a lifecycle rule (<c>PollLifecycle</c>, <c>NoticeLifecycle</c>) decides about one request: the thing as it
/// should be saved, nothing to save (<see cref="Next"/> and <see cref="Refusal"/> both null), or a refusal. Rules
/// decide from the current state and the clock only, so they are tested without storage or HTTP and re-run
/// unchanged when an ETag conflict makes the store read again.
/// </summary>
public readonly record struct Decision<T>(T? Next, Refusal? Refusal) where T : class;

public static class Decision
{
    public static Decision<T> To<T>(T next) where T : class => new(next, null);

    /// <summary>Nothing to change (already so); the caller answers with the thing as it is.</summary>
    public static Decision<T> Unchanged<T>() where T : class => new(null, null);

    public static Decision<T> No<T>(string reason, string? code = null) where T : class => new(null, new Refusal(reason, Code: code));

    /// <summary>Not for this person: the second-admin rules.</summary>
    public static Decision<T> NotYou<T>(string reason) where T : class => new(null, new Refusal(reason, Forbidden: true));
}
