using UnionWeChat.Functions.Members;

namespace UnionWeChat.Functions.Membership;

/// <summary>
/// Where a worker stands before applying, as the chat's 入会 and the join page both ask: already registered, an
/// application under review, asked by staff to complete one (which the new one then replaces), or free to apply.
/// </summary>
public sealed record JoinStanding(MemberRegistration? Registration, JoinApplication? Latest)
{
    public static async Task<JoinStanding> OfAsync(Member? member, ApplicationStore applications, CancellationToken ct) =>
        new(member?.Registration, member?.Registration is null ? await applications.LatestOfAsync(member, ct) : null);

    /// <summary>Why the worker cannot apply now, in their words; null when they may.</summary>
    public string? Refusal => Registration is { } r ? MembershipTexts.AlreadyMember(r.Number)
        : Latest is { IsOpen: true } pending ? MembershipTexts.StillPending(pending)
        : null;

    /// <summary>What staff asked the worker to add, when they did.</summary>
    public string? AskedFor => Latest is { Status: ApplicationStatus.NeedsMore } asked ? asked.Note : null;

    /// <summary>The application a new one replaces: the one staff asked to be completed.</summary>
    public string? Replaces => Latest is { Status: ApplicationStatus.NeedsMore } asked ? asked.Id : null;
}
