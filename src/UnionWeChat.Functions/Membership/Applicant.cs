using UnionWeChat.Functions.Cases;

namespace UnionWeChat.Functions.Membership;

/// <summary>What a worker answered, in the chat or on the page, already checked by <see cref="JoinRules"/>.</summary>
public sealed record JoinAnswers(string Name, string Mobile, string Employer, string Job, string EmployerUnion);

/// <summary>A filed application, and the registration when the union's imported list already vouched for the worker.</summary>
public sealed record Submission(JoinApplication Application, Registration? Registration);

/// <summary>
/// Files an application, the same way from the chat and from the page: its id comes from a key drawn when the worker
/// began (so sending twice files once), it replaces an application staff asked to be completed, and a worker on the
/// union's imported member list under the same name and mobile is registered at once. The member row is left to the
/// caller (the chat writes it with its reply, the page with its own write).
/// </summary>
public sealed class Applicant(ApplicationStore applications, MemberRoster roster, Registrar registrar, MemberRegistry registry)
{
    /// <summary>Who the history says approved an application the union's imported list vouched for.</summary>
    public const string RosterActor = "会员名册（自动）";

    public async Task<Submission> SubmitAsync(string openId, JoinAnswers answers, string filingKey, string? replaces, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var filed = await applications.AddAsync(new JoinApplication
        {
            Id = ApplicationStore.NewId(filingKey, now),
            OpenId = openId,
            Name = answers.Name,
            Mobile = answers.Mobile,
            Employer = answers.Employer,
            Job = answers.Job,
            EmployerUnion = answers.EmployerUnion,
            SubmittedAt = now,
            History = [new ApplicationEvent(now, CaseFiling.WorkerActor, "提交入会申请（已同意个人信息保护说明）")],
        }, ct);
        await registry.NoteApplicationAsync(openId, filed.Id, ct);
        if (replaces is not null && replaces != filed.Id)
        {
            await applications.MarkReplacedAsync(replaces, filed.Id, now, ct);
        }
        if (await roster.MatchAsync(filed, ct) is { } listed
            && await registrar.ApproveAsync(filed, listed.Terms, RosterActor, copyToProfile: false, ct) is { Application: { } approved, Registration: { } registration })
        {
            return new Submission(approved, registration);
        }
        return new Submission(filed, null);
    }
}
