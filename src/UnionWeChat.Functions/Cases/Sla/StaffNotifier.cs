using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using UnionWeChat.Functions.Outbound;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Staff;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Tells staff of a breach through the <see cref="MemberMessenger"/>: the assignee (if they have an openid configured)
/// and the supervisors; an unassigned case goes to the supervisors only. The message names the case, never the worker.
/// A custom message while the person's service window is open, else the notify template; essential, so 退订 does not
/// stop it. The template carries a client_msg_id derived from case, breach and person, so WeChat drops a repeat
/// within 10 minutes.
/// </summary>
public sealed partial class StaffNotifier(MemberMessenger messenger, DeskOptions options, ILogger<StaffNotifier> logger)
{
    /// <summary>Sends the notices; returns what happened, for the console's breach list.</summary>
    public async Task<string> NotifyAsync(Case c, SlaBreachKind breach, DateTimeOffset due, CancellationToken ct)
    {
        var notify = options.Notify;
        var people = new List<string>();
        if (breach != SlaBreachKind.Unassigned && c.Assignee is { } assignee && notify.OpenIds.ContainsKey(assignee))
        {
            people.Add(assignee);
        }
        people.AddRange(notify.SupervisorNames().Where(s => !people.Contains(s)));
        if (people.Count == 0)
        {
            return "无人可通知（未配置 Staff__Notify__OpenIds / Supervisors）";
        }
        if (!notify.Template.IsConfigured)
        {
            return "未通知：未配置 Staff__Notify__Template__TemplateId";
        }
        var values = new Dictionary<string, string>
        {
            ["number"] = c.Number,
            ["breach"] = SlaClock.Label(breach),
            ["due"] = ChinaTime.Minute(due),
            ["assignee"] = c.Assignee ?? "未指派",
            ["kind"] = CaseLabels.Of(c.Kind),
            ["category"] = c.Category,
        };
        var template = new TemplateFallback(notify.Template.TemplateId!, notify.Template.Fill(values), notify.Template.Url);
        var text = $"【{values["number"]}】{values["breach"]}：{values["kind"]}（{values["category"]}），期限 {values["due"]}，承办人 {values["assignee"]}。";
        var outcomes = new List<string>();
        foreach (var person in people)
        {
            var report = await messenger.SendAsync(
                new MemberMessage(notify.OpenIds[person], text, template, Essential: true, ClientMsgId(c.Number, breach, person)), ct);
            if (report.Delivered)
            {
                outcomes.Add($"已通知 {person}");
                continue;
            }
            LogFailed(c.Number, breach, report.Delivery, report.Send?.ErrCode ?? 0);
            outcomes.Add(report.Delivery switch
            {
                MemberDelivery.Unconfirmed => $"{person} 通知结果未知（微信未答复，可能已送达）",
                MemberDelivery.NotFollowing => $"{person} 通知失败（未关注公众号）",
                _ => $"{person} 通知失败（{report.Send?.ErrCode ?? 0}）",
            });
        }
        return string.Join("；", outcomes);
    }

    private static string ClientMsgId(string number, SlaBreachKind breach, string person) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"sla|{number}|{breach}|{person}")))[..32];

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA notice for case {Number} ({Breach}) not delivered: {Delivery} (errcode {ErrCode})")]
    private partial void LogFailed(string number, SlaBreachKind breach, MemberDelivery delivery, int errCode);
}
