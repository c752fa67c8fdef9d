
namespace UnionWeChat.Functions.Cases;

/// <summary>What a staff action on a case came to: done (with the case as it is now), no such case, or refused input.</summary>
public sealed record DeskResult(Case? Case, bool NotFound, string? Field, string? Problem, ReplyReport? Reply = null)
{
    public static DeskResult Done(Case c, ReplyReport? reply = null) => new(c, false, null, null, reply);

    public static DeskResult Missing { get; } = new(null, true, null, null);

    public static DeskResult Invalid(string field, string problem) => new(null, false, field, problem);

    public bool Succeeded => Case is not null;
}
