using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Outbound;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Membership;

/// <summary>What a staff decision came to: the application as saved and whether the worker was told.</summary>
public sealed record DecisionOutcome(JoinApplication? Application, Refusal? Refusal, MemberDelivery? Delivery = null)
{
    public bool Told => Delivery is MemberDelivery.Custom or MemberDelivery.Template;
}

/// <summary>
/// Staff decide applications: approve (the worker is registered with a member number and a union), decline with a
/// reason, or ask for more. Each decision is saved only if the application is still as the deciding staff member saw
/// it (its ETag), is written into its history (who, what, when), and is told to the worker in WeChat.
/// </summary>
public sealed partial class MembershipDesk(
    ApplicationStore applications, Registrar registrar, MemberRegistry registry, MemberStore members, MemberMessenger messenger,
    MembershipOptions options, ILogger<MembershipDesk> logger)
{
    public const string NotPending = Registrar.NotPending;

    /// <summary>Approves with the chosen union (<see cref="Registrar"/>) and tells the worker their member number.</summary>
    public async Task<DecisionOutcome> ApproveAsync(string id, string? union, string staff, CancellationToken ct)
    {
        var application = await applications.GetAsync(id, ct);
        var resuming = application is { Status: ApplicationStatus.Approved, MemberNumber: null };
        if (!resuming && (union is null || !options.Choices.Contains(union, StringComparer.Ordinal)))
        {
            return new DecisionOutcome(null, new Refusal("请从列表中选择会员所属的工会。"));
        }
        var (approved, registration, refusal) = await registrar.ApproveAsync(application, new RegistrationTerms(union ?? ""), staff, copyToProfile: true, ct);
        return refusal is not null
            ? new DecisionOutcome(approved, refusal)
            : await TellAsync(approved!, "通过", MembershipTexts.Approved(registration!.Union, registration.Number), ct);
    }

    /// <summary>
    /// After a member list was imported: pending applications whose mobile and name are on it are approved with the
    /// list's union (and number and date, when it has them), and the workers told. Returns how many were registered.
    /// </summary>
    public async Task<int> ApproveListedAsync(MemberRoster roster, string staff, CancellationToken ct)
    {
        var registered = 0;
        foreach (var application in await applications.ListAsync(ApplicationStatus.Pending, ct))
        {
            if (await roster.MatchAsync(application, ct) is not { } listed)
            {
                continue;
            }
            var (approved, registration, refusal) = await registrar.ApproveAsync(application, listed.Terms, staff + "（会员名册导入）", copyToProfile: true, ct);
            if (refusal is null)
            {
                await TellAsync(approved!, "通过", MembershipTexts.Approved(registration!.Union, registration.Number), ct);
                registered++;
            }
        }
        return registered;
    }

    public async Task<DecisionOutcome> DeclineAsync(string id, string? reason, string staff, CancellationToken ct)
    {
        if (NoteProblem(reason, "请写明不予通过的原因（职工会收到）。") is { } problem)
        {
            return new DecisionOutcome(null, problem);
        }
        var (declined, refusal) = await registrar.DecideAsync(await applications.GetAsync(id, ct), staff, (a, now) =>
            a.With(new ApplicationEvent(now, staff, "不予通过：" + reason)) with { Status = ApplicationStatus.Declined, Note = reason!.Trim() }, ct);
        return refusal is null ? await TellAsync(declined!, "未通过", MembershipTexts.Declined(declined!, reason!.Trim()), ct) : new DecisionOutcome(declined, refusal);
    }

    public async Task<DecisionOutcome> AskForMoreAsync(string id, string? question, string staff, CancellationToken ct)
    {
        if (NoteProblem(question, "请写明需要职工补充什么（职工会收到）。") is { } problem)
        {
            return new DecisionOutcome(null, problem);
        }
        var (asked, refusal) = await registrar.DecideAsync(await applications.GetAsync(id, ct), staff, (a, now) =>
            a.With(new ApplicationEvent(now, staff, "请职工补充：" + question)) with { Status = ApplicationStatus.NeedsMore, Note = question!.Trim() }, ct);
        return refusal is null ? await TellAsync(asked!, "需补充", MembershipTexts.AskedForMore(asked!, question!.Trim()), ct) : new DecisionOutcome(asked, refusal);
    }

    /// <summary>
    /// Decides a member's 转会 or 退会 request (found by member number): done or refused with a reason, recorded in the
    /// registration's history, copied to the member row, and told to the member.
    /// </summary>
    public async Task<(Registration? Registration, Refusal? Refusal)> DecideChangeAsync(string number, bool approve, string? reason, string staff, CancellationToken ct)
    {
        if (!approve && NoteProblem(reason, "请写明不能办理的原因（会员会收到）。") is { } problem)
        {
            return (null, problem);
        }
        if (await registry.ByNumberAsync(number, ct) is not { Active: true, Change: { } change } current)
        {
            return (null, new Refusal("没有找到这位会员待办理的转会或退会申请，可能已经处理过了。", Code: "not-found"));
        }
        if (await registry.DecideChangeAsync(current.OpenId, approve, staff, reason?.Trim(), ct) is not { } decided)
        {
            return (null, new Refusal(NotPending, Code: "decided"));
        }
        await members.SetRegistrationAsync(decided.OpenId, decided.Active ? decided.ForProfile : null, ct);
        var text = approve ? MembershipTexts.ChangeDone(decided, change.Kind) : MembershipTexts.ChangeRefused(change.Kind, reason!.Trim());
        var report = await messenger.SendAsync(new MemberMessage(decided.OpenId, text, Template(approve ? "已办理" : "未办理", decided.Number, text), Essential: true,
            ClientMsgId: $"{decided.Number}-{change.Kind}-{change.At.ToUnixTimeSeconds()}"), ct);
        LogChange(change.Kind, approve, report.Delivery);
        return (decided, null);
    }

    private static Refusal? NoteProblem(string? note, string problem) =>
        string.IsNullOrWhiteSpace(note) ? new Refusal(problem)
        : note.Length > JoinRules.NoteMax ? new Refusal($"最多 {JoinRules.NoteMax} 个字（现在 {note.Length} 个字）。")
        : null;

    private async Task<DecisionOutcome> TellAsync(JoinApplication decided, string result, string text, CancellationToken ct)
    {
        var template = Template(result, decided.Id, text);
        // Essential: a decision on their own application reaches a worker who opted out of notices.
        var report = await messenger.SendAsync(new MemberMessage(decided.OpenId, text, template, Essential: true, ClientMsgId: $"{decided.Id}-{decided.Status}"), ct);
        LogDecided(decided.Id, decided.Status, report.Delivery);
        return new DecisionOutcome(decided, null, report.Delivery);
    }

    private TemplateFallback? Template(string result, string number, string text) => options.DecisionTemplate.IsConfigured
        ? new TemplateFallback(options.DecisionTemplate.TemplateId!, options.DecisionTemplate.Fill(new Dictionary<string, string>
        {
            ["result"] = result,
            ["number"] = number,
            ["text"] = text,
        }), options.DecisionTemplate.Url)
        : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Member change {Kind} decided (approved: {Approved}); member told by {Delivery}")]
    private partial void LogChange(ChangeKind kind, bool approved, MemberDelivery delivery);

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Id} decided: {Status}; worker told by {Delivery}")]
    private partial void LogDecided(string id, ApplicationStatus status, MemberDelivery delivery);
}
