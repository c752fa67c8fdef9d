using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Membership;

/// <summary>How an approval registers the member: the union, and a number and date carried over from an imported list.</summary>
public sealed record RegistrationTerms(string Union, string? Number = null, DateTimeOffset? Since = null);

/// <summary>
/// Turns an application into a registration, without telling anyone (the staff desk tells the worker in WeChat; the
/// chat says it in its reply). The application is marked approved first, under its ETag, so of two approvers one wins;
/// then the member is registered (one registration per worker) and the number written onto the application. An
/// approval interrupted between the two is completed by approving again.
/// </summary>
public sealed class Registrar(ApplicationStore applications, MemberRegistry registry, MemberStore members, TimeProvider time)
{
    public const string NotPending = "这份申请已经处理过了，请刷新页面查看最新状态。";

    /// <summary>
    /// Approves <paramref name="application"/> as <paramref name="actor"/>. <paramref name="copyToProfile"/> false
    /// leaves the member row to the caller (the chat writes it with its reply).
    /// </summary>
    public async Task<(JoinApplication? Application, Registration? Registration, Refusal? Refusal)> ApproveAsync(
        JoinApplication? application, RegistrationTerms terms, string actor, bool copyToProfile, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (application is { Status: ApplicationStatus.Approved, MemberNumber: null, Union: { } chosen })
        {
            return await CompleteAsync(application, terms with { Union = chosen }, actor, copyToProfile, ct);
        }
        var (approved, refusal) = await DecideAsync(application, actor, (a, now) =>
            a.With(new ApplicationEvent(now, actor, "批准入会：" + terms.Union)) with { Status = ApplicationStatus.Approved, Union = terms.Union, Note = null }, ct);
        return refusal is null ? await CompleteAsync(approved!, terms, actor, copyToProfile, ct) : (approved, null, refusal);
    }

    /// <summary>
    /// Saves <paramref name="decide"/>'s change (approve, decline, ask for more) if the application is still pending and
    /// unchanged since it was read: of two staff deciding at once, one wins and the other is refused.
    /// </summary>
    public async Task<(JoinApplication? Application, Refusal? Refusal)> DecideAsync(
        JoinApplication? application, string actor, Func<JoinApplication, DateTimeOffset, JoinApplication> decide, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(decide);
        if (application is null)
        {
            return (null, new Refusal("没有找到这份申请。", Code: "not-found"));
        }
        if (!application.IsOpen)
        {
            return (application, new Refusal(NotPending, Code: "decided"));
        }
        var now = time.GetUtcNow();
        var next = decide(application, now) with { DecidedBy = actor, DecidedAt = now };
        return await applications.TryReplaceAsync(next, ct) is { } saved
            ? (saved, null)
            : (await applications.GetAsync(application.Id, ct), new Refusal(NotPending, Code: "decided"));
    }

    private async Task<(JoinApplication?, Registration?, Refusal?)> CompleteAsync(
        JoinApplication approved, RegistrationTerms terms, string actor, bool copyToProfile, CancellationToken ct)
    {
        var registration = await registry.RegisterAsync(approved, terms, ct);
        if (copyToProfile)
        {
            await members.SetRegistrationAsync(approved.OpenId, registration.ForProfile, ct);
        }
        var current = approved;
        for (var attempt = 0; attempt < 5 && current is { MemberNumber: null }; attempt++)
        {
            var numbered = current.With(new ApplicationEvent(time.GetUtcNow(), actor, "登记会员号 " + registration.Number)) with { MemberNumber = registration.Number };
            current = await applications.TryReplaceAsync(numbered, ct) ?? await applications.GetAsync(approved.Id, ct);
        }
        return (current ?? approved, registration, null);
    }
}
