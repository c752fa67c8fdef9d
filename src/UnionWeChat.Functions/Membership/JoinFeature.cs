using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Menu;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Membership;

/// <summary>
/// 网上入会 in the chat: name → mobile → employer → job → does the employer have a union → consent to the privacy
/// terms → confirm. Nothing is stored until the worker confirms; the application's id comes from a key made when the
/// dialog starts, so confirming twice files once. 会员卡 answers with the card page's link.
/// </summary>
public sealed class JoinFeature(ApplicationStore applications, Applicant applicant, MembershipOptions options, MembershipLinks links) : IChatFeature
{
    public const string Flow = "join";
    public const string CardFlow = "card";

    public IReadOnlyList<ChatCommand> Commands { get; } =
    [
        new(Flow, [MembershipTexts.JoinWord, "申请入会", "我要入会"], MenuKeys.Join, "在线申请加入工会", "入会申请"),
        new(CardFlow, [MembershipTexts.CardWord, "电子会员卡", "我的会员卡"], MenuKeys.MemberCard, "查看电子会员卡", "会员卡"),
    ];

    public IReadOnlyList<string> Flows { get; } = [Flow];

    public async Task<Reply?> StartAsync(ChatContext chat, ChatCommand command, string argument, CancellationToken ct)
    {
        chat.EndDialog();
        if (chat.Member?.Registration is { } registration)
        {
            return command.Name == CardFlow
                ? Say(MembershipTexts.CardLink(links.Card()))
                : Say(MembershipTexts.AlreadyMember(registration.Number));
        }
        if (command.Name == CardFlow)
        {
            return Say(MembershipTexts.NotMember);
        }
        var standing = await JoinStanding.OfAsync(chat.Member, applications, ct);
        if (standing.Refusal is { } refusal)
        {
            return Say(refusal);
        }
        var dialog = DialogState.Start(Flow, "name", chat.Now).With("name", "filing", Guid.NewGuid().ToString("N"));
        if (standing.Replaces is { } replaces)
        {
            dialog = dialog.With("name", "replaces", replaces);
        }
        chat.Continue(dialog);
        return Say(MembershipTexts.Start(standing.AskedFor));
    }

    public async Task<Reply?> ContinueAsync(ChatContext chat, DialogState dialog, CancellationToken ct)
    {
        var d = dialog;
        var text = chat.Text;
        if (text is null)
        {
            chat.Continue(d);
            return Say("请发送文字。" + Question(d.Step));
        }
        switch (d.Step)
        {
            case "name":
                if (JoinRules.CheckName(text) is { } nameProblem)
                {
                    return Again(chat, d, nameProblem);
                }
                return Next(chat, d.With("mobile", "name", text), MembershipTexts.AskMobile);
            case "mobile":
                return JoinRules.NormalizeMobile(text) is { } mobile
                    ? Next(chat, d.With("employer", "mobile", mobile), MembershipTexts.AskEmployer)
                    : Again(chat, d, MembershipTexts.BadMobile);
            case "employer":
                if (IntakeRules.CheckLength(text, 2, JoinRules.EmployerMax, "单位名称") is { } employerProblem)
                {
                    return Again(chat, d, employerProblem);
                }
                return Next(chat, d.With("job", "employer", text), MembershipTexts.AskJob);
            case "job":
                if (IntakeRules.CheckLength(text, 1, JoinRules.JobMax, "岗位") is { } jobProblem)
                {
                    return Again(chat, d, jobProblem);
                }
                return Next(chat, d.With("union", "job", text), MembershipTexts.AskEmployerUnion);
            case "union":
                return IntakeRules.Pick(JoinRules.EmployerUnionChoices, text) is { } union
                    ? Next(chat, d.With("consent", "union", union), MembershipTexts.Consent(options.PrivacyTerms))
                    : Again(chat, d, MembershipTexts.BadEmployerUnion);
            case "consent":
                if (text is not ("同意" or "我同意"))
                {
                    return Again(chat, d, MembershipTexts.ConsentNeeded);
                }
                var summary = d.With("confirm", "consented", chat.Now.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                return Next(chat, summary, MembershipTexts.Summary(summary) + "\n\n" + MembershipTexts.ConfirmHint);
            default:
                if (text is not ("确认" or "确定" or "提交"))
                {
                    return Again(chat, d, MembershipTexts.ConfirmHint);
                }
                return await SubmitAsync(chat, d, ct);
        }
    }

    private async Task<Reply?> SubmitAsync(ChatContext chat, DialogState d, CancellationToken ct)
    {
        var answers = new JoinAnswers(d["name"] ?? "", d["mobile"] ?? "", d["employer"] ?? "", d["job"] ?? "", d["union"] ?? "");
        var filingKey = d["filing"] ?? throw new InvalidOperationException("join dialog without a filing key");
        var (filed, registration) = await applicant.SubmitAsync(chat.OpenId, answers, filingKey, d["replaces"], chat.Now, ct);
        chat.ChangeMember(m => m with { JoinApplication = filed.Id });
        chat.EndDialog();
        if (registration is not null)
        {
            chat.ChangeMember(m => m with { Registered = true, Registration = registration.ForProfile });
            return new TextReply(MembershipTexts.Approved(registration.Union, registration.Number));
        }
        return new TextReply(MembershipTexts.Submitted(filed));
    }

    private static string Question(string step) => step switch
    {
        "name" => MembershipTexts.AskName,
        "mobile" => MembershipTexts.AskMobile,
        "employer" => MembershipTexts.AskEmployer,
        "job" => MembershipTexts.AskJob,
        "union" => MembershipTexts.AskEmployerUnion,
        "consent" => MembershipTexts.ConsentNeeded,
        _ => MembershipTexts.ConfirmHint,
    };

    private static Reply? Next(ChatContext chat, DialogState next, string say)
    {
        chat.Continue(next);
        return new TextReply(say);
    }

    // The worker stays on the step; nothing of the wrong answer is kept.
    private static Reply? Again(ChatContext chat, DialogState d, string say)
    {
        chat.Continue(d);
        return new TextReply(say);
    }

    private static Reply? Say(string text) => new TextReply(text);
}
