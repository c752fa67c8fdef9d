using System.Text;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Membership;

/// <summary>What workers read about joining the union, in one place so the same thing is always called the same.</summary>
public static class MembershipTexts
{
    public const string JoinWord = "入会";
    public const string CardWord = "会员卡";

    public const string AskName = "请输入您的真实姓名：";
    public const string AskMobile = "请输入您的手机号码（11位），工会审核时可能会打电话给您：";
    public const string BadMobile = "手机号码格式不正确，请输入11位手机号码。";
    public const string AskEmployer = "请输入您的工作单位（公司）全称：";
    public const string AskJob = "请输入您的岗位或工种（例如：车间操作工、快递员、护士）：";
    public const string AskEmployerUnion = "您的单位是否已经建立工会？回复序号：\n1. 已建立\n2. 没有\n3. 不清楚";
    public const string BadEmployerUnion = "请回复 1（已建立）、2（没有）或 3（不清楚）。";
    public const string ConfirmHint = "确认无误请回复“确认”提交，回复“取消”放弃。";
    public const string ConsentNeeded = "请回复“同意”继续；不同意可以回复“取消”退出，您的信息不会被保存。";

    public static string Start(string? question) =>
        (question is null ? "您好，我们来办理网上入会（随时回复“取消”可退出）。\n" : $"工会请您补充：{question}\n我们重新填写一次入会申请（随时回复“取消”可退出）。\n") + AskName;

    public static string Consent(string terms) => $"请阅读并同意工会的个人信息保护说明：\n{terms}\n\n同意请回复“同意”。";

    public static string Summary(DialogState d) => new StringBuilder("请核对您的入会申请：\n")
        .Append("姓名：").Append(d["name"]).Append('\n')
        .Append("手机：").Append(d["mobile"]).Append('\n')
        .Append("单位：").Append(d["employer"]).Append('\n')
        .Append("岗位：").Append(d["job"]).Append('\n')
        .Append("单位工会：").Append(d["union"])
        .ToString();

    public static string Submitted(JoinApplication a) =>
        $"入会申请已提交！\n申请编号：{a.Id}\n工会工作人员审核后，结果会在这里通知您。回复“入会”可查看审核进度。";

    public static string StillPending(JoinApplication a) =>
        $"您的入会申请（编号 {a.Id}）已于 {ChinaTime.Minute(a.SubmittedAt)} 提交，正在审核中，审核结果会在这里通知您。";

    public static string AlreadyMember(string number) => $"您已经是工会会员了，会员号：{number}。\n回复“{CardWord}”查看电子会员卡。";

    public const string NotMember = "您还不是工会会员。回复“入会”即可在线申请，审核通过后就能使用电子会员卡。";

    public static string CardLink(string? link) => link is null
        ? "请点击公众号菜单里的“会员卡”查看您的电子会员卡。"
        : $"点击查看您的电子会员卡：{link}\n办理普惠服务时出示给工作人员即可。";

    // What the worker is told when staff decide (a custom message, or the template's {text}).
    public static string Approved(string union, string number) =>
        $"恭喜您！您的入会申请已通过，欢迎加入{union}。\n会员号：{number}\n回复“{CardWord}”查看电子会员卡。";

    public static string ChangeRequested(ChangeKind kind) =>
        $"{MemberRegistry.Name(kind)}申请已提交，工会处理后会在公众号通知您。";

    public static string ChangeDone(Registration r, ChangeKind kind) => kind == ChangeKind.Transfer
        ? $"您的转会申请已办理：会籍已转入{r.Union}，会员号不变（{r.Number}）。"
        : "您的退会申请已办理，会籍已注销。感谢您一直以来的支持！以后想重新入会，回复“入会”即可。";

    public static string ChangeRefused(ChangeKind kind, string reason) =>
        $"您的{MemberRegistry.Name(kind)}申请未能办理：{reason}\n如有疑问请联系工会。";

    public static string Declined(JoinApplication a, string reason) =>
        $"很抱歉，您的入会申请（编号 {a.Id}）未能通过：{reason}\n如有疑问请联系工会，也可以回复“入会”重新申请。";

    public static string AskedForMore(JoinApplication a, string question) =>
        $"关于您的入会申请（编号 {a.Id}），工会需要您补充：{question}\n请回复“入会”重新填写申请。";
}
