using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Menu;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// 维权投诉 and 求助 as short dialogs, ending in a case with a number. Complaint: category → employer → what
/// happened (photos and voice kept as evidence) → phone (optional) → anonymous? → confirm. Aid: type → situation
/// (photos) → phone → confirm. Nothing is stored until the worker confirms; "取消" or the idle timeout leave nothing.
/// </summary>
public sealed class IntakeFeature(CaseFiling filing) : IChatFeature
{
    public const string Complaint = "complaint";
    public const string Aid = "aid";

    public IReadOnlyList<ChatCommand> Commands { get; } =
    [
        new(Complaint, ["投诉", "维权", "我要投诉"], MenuKeys.Complaint, "登记维权投诉（欠薪、劳动合同、工伤等）", "维权投诉"),
        new(Aid, ["求助", "帮扶", "我要求助"], null, "申请困难帮扶、医疗救助、金秋助学、法律援助或就业服务", "申请帮扶"),
        new(Aid + ":困难帮扶", [], MenuKeys.AidHardship, "困难帮扶申请"),
        new(Aid + ":医疗救助", [], MenuKeys.AidMedical, "医疗救助申请"),
        new(Aid + ":金秋助学", [], MenuKeys.AidEducation, "金秋助学申请"),
        new(Aid + ":就业服务", [], MenuKeys.AidEmployment, "就业服务申请"),
    ];

    public IReadOnlyList<string> Flows { get; } = [Complaint, Aid];

    public Task<Reply?> StartAsync(ChatContext chat, ChatCommand command, string argument, CancellationToken ct)
    {
        if (command.Name == Complaint)
        {
            chat.Continue(Begin(Complaint, "category", chat));
            return Say($"您好，我们来登记您的维权投诉（随时回复“取消”可退出）。\n请选择问题类别，回复序号：\n{IntakeRules.Menu(IntakeRules.ComplaintCategories)}");
        }
        var preset = command.Name.StartsWith(Aid + ":", StringComparison.Ordinal) ? command.Name[(Aid.Length + 1)..] : null;
        if (preset is null)
        {
            chat.Continue(Begin(Aid, "type", chat));
            return Say($"您好，我们来登记您的求助申请（随时回复“取消”可退出）。\n请选择求助类型，回复序号：\n{IntakeRules.Menu(IntakeRules.AidTypes)}");
        }
        chat.Continue(Begin(Aid, "situation", chat).With("situation", "type", preset));
        return Say(AskSituation(preset));
    }

    public async Task<Reply?> ContinueAsync(ChatContext chat, DialogState dialog, CancellationToken ct)
    {
        if (EvidenceOf(chat.Message) is { } evidence && dialog.Step is not ("category" or "type" or "confirm"))
        {
            return await KeepEvidence(chat, dialog, evidence);
        }
        return dialog.Flow == Complaint ? await ComplaintStepAsync(chat, dialog, ct) : await AidStepAsync(chat, dialog, ct);
    }

    private async Task<Reply?> ComplaintStepAsync(ChatContext chat, DialogState d, CancellationToken ct)
    {
        var text = chat.Text;
        switch (d.Step)
        {
            case "category":
                var category = IntakeRules.Pick(IntakeRules.ComplaintCategories, text);
                if (category is null)
                {
                    return await Say($"请回复 1 到 {IntakeRules.ComplaintCategories.Length} 之间的序号选择类别：\n{IntakeRules.Menu(IntakeRules.ComplaintCategories)}");
                }
                chat.Continue(d.With("employer", "category", category));
                return await Say($"类别：{category}。\n请输入用人单位（公司）名称：");
            case "employer":
                if (NeedText(text) is { } askEmployer)
                {
                    return await Say(askEmployer + "请输入用人单位（公司）名称：");
                }
                if (IntakeRules.CheckLength(text!, 2, IntakeRules.EmployerMax, "单位名称") is { } employerProblem)
                {
                    return await Say(employerProblem);
                }
                chat.Continue(d.With("description", "employer", text));
                return await Say("请用文字描述事情经过（时间、金额、经过等，最多1000字）。\n也可以发送照片或语音作为证据材料。");
            case "description":
                if (NeedText(text) is { } askDescription)
                {
                    return await Say(askDescription + "请用文字描述事情经过。");
                }
                if (IntakeRules.CheckLength(text!, IntakeRules.DescriptionMin, IntakeRules.DescriptionMax, "描述") is { } descriptionProblem)
                {
                    return await Say(descriptionProblem);
                }
                chat.Continue(d.With("phone", "description", text));
                return await Say("请留下联系电话，方便工作人员联系您（手机或座机）；不想留电话请回复“跳过”。");
            case "phone":
                if (!IntakeRules.IsSkip(text) && IntakeRules.NormalizePhone(text) is null)
                {
                    return await Say("电话号码格式不正确，请输入11位手机号或带区号的座机号码；不想留电话请回复“跳过”。");
                }
                chat.Continue(d.With("anonymous", "phone", IntakeRules.IsSkip(text) ? null : IntakeRules.NormalizePhone(text)));
                return await Say("是否需要匿名？匿名后工作人员看不到您的身份和电话，但您仍可在这里查询进度、收到回复。\n回复 1 匿名，回复 2 不匿名。");
            case "anonymous":
                if (!IntakeRules.IsYes(text) && !IntakeRules.IsNo(text))
                {
                    return await Say("请回复 1（匿名）或 2（不匿名）。");
                }
                var next = d.With("confirm", "anonymous", IntakeRules.IsYes(text) ? "是" : "否");
                chat.Continue(next);
                return await Say(CaseFiling.Summary(CaseKind.Complaint, next) + "\n\n确认无误请回复“确认”提交，回复“取消”放弃。");
            default:
                return await ConfirmAsync(chat, d, CaseKind.Complaint, ct);
        }
    }

    private async Task<Reply?> AidStepAsync(ChatContext chat, DialogState d, CancellationToken ct)
    {
        var text = chat.Text;
        switch (d.Step)
        {
            case "type":
                var type = IntakeRules.Pick(IntakeRules.AidTypes, text);
                if (type is null)
                {
                    return await Say($"请回复 1 到 {IntakeRules.AidTypes.Length} 之间的序号选择类型：\n{IntakeRules.Menu(IntakeRules.AidTypes)}");
                }
                chat.Continue(d.With("situation", "type", type));
                return await Say(AskSituation(type));
            case "situation":
                if (NeedText(text) is { } askSituation)
                {
                    return await Say(askSituation + "请用文字说明您的情况。");
                }
                if (IntakeRules.CheckLength(text!, IntakeRules.DescriptionMin, IntakeRules.DescriptionMax, "情况说明") is { } situationProblem)
                {
                    return await Say(situationProblem);
                }
                chat.Continue(d.With("phone", "description", text));
                return await Say(AidPhonePrompt);
            case "phone":
                // The phone is required here (staff call to check the situation), so 跳过 is answered kindly
                // with why, not told its format is wrong.
                if (IntakeRules.IsSkip(text))
                {
                    return await Say(AidPhoneRequired);
                }
                if (IntakeRules.NormalizePhone(text) is not { } phone)
                {
                    return await Say("电话号码格式不正确，请输入11位手机号或带区号的座机号码。求助需要留电话以便核实。");
                }
                var next = d.With("confirm", "phone", phone);
                chat.Continue(next);
                return await Say(CaseFiling.Summary(CaseKind.Aid, next) + "\n\n确认无误请回复“确认”提交，回复“取消”放弃。");
            default:
                return await ConfirmAsync(chat, d, CaseKind.Aid, ct);
        }
    }

    private async Task<Reply?> ConfirmAsync(ChatContext chat, DialogState d, CaseKind kind, CancellationToken ct)
    {
        if (chat.Text is not ("确认" or "确定" or "提交"))
        {
            return new TextReply("请回复“确认”提交，或回复“取消”放弃。");
        }
        var created = await filing.FileAsync(chat, d, kind, ct);
        chat.EndDialog();
        return new TextReply(filing.Receipt(created));
    }

    // The filing key names this dialog's case before it exists, so confirming twice files once.
    private static DialogState Begin(string flow, string step, ChatContext chat) =>
        DialogState.Start(flow, step, chat.Now).With(step, "filing", Guid.NewGuid().ToString("N"));

    private static Task<Reply?> KeepEvidence(ChatContext chat, DialogState d, string evidence)
    {
        var list = (d["evidence"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (list.Count >= IntakeRules.EvidenceMax)
        {
            return Say($"证据材料最多{IntakeRules.EvidenceMax}份，这一份没有保存。请继续回答上面的问题。");
        }
        list.Add(evidence);
        chat.Continue(d.With(d.Step, "evidence", string.Join(',', list)));
        return Say($"已收到第{list.Count}份证据材料。请继续回答上面的问题。");
    }

    // A photo or a voice message is evidence. Voice with recognised text also counts as an answer, so it is
    // handled as text at steps that want text: only photos and unrecognised voice are kept here.
    private static string? EvidenceOf(IncomingMessage message) => message switch
    {
        ImageMessage image => "image:" + image.MediaId,
        VoiceMessage { Recognition: null or "" } voice => "voice:" + voice.MediaId,
        _ => null,
    };

    public const string AidPhonePrompt = "求助需要留下联系电话（必填），工作人员会打电话核实情况。请输入11位手机号或带区号的座机号码：";

    public const string AidPhoneRequired =
        "求助这一步不能跳过：工作人员需要打电话核实您的情况，才能为您办理。请输入11位手机号或带区号的座机号码；" +
        "暂时不方便留电话，可以回复“取消”，也可以拨打 12351 职工服务热线咨询。";

    private static string? NeedText(string? text) => string.IsNullOrWhiteSpace(text) ? "请发送文字。" : null;

    private static string AskSituation(string type) =>
        $"类型：{type}。\n请用文字说明您的情况（家庭、收入、困难原因等，最多1000字）。\n可以发送照片作为证据材料。";

    private static Task<Reply?> Say(string text) => Task.FromResult<Reply?>(new TextReply(text));
}
