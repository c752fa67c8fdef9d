using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Staff.Desk;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Staff.Sla;

/// <summary>
/// Tells staff of a breach by template message: the assignee (if they have an openid configured) and the
/// supervisors; an unassigned case goes to the supervisors only. The message names the case, never the worker.
/// Each send carries a client_msg_id derived from case, breach and person, so WeChat drops a repeat within 10 minutes.
/// </summary>
public sealed partial class StaffNotifier(WeChatApiClient api, StaffOptions options, ILogger<StaffNotifier> logger)
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
        var data = notify.Template.Fill(new Dictionary<string, string>
        {
            ["number"] = c.Number,
            ["breach"] = SlaClock.Label(breach),
            ["due"] = due.ToOffset(WorkingCalendar.ChinaOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            ["assignee"] = c.Assignee ?? "未指派",
            ["kind"] = CaseLabels.Of(c.Kind),
            ["category"] = c.Category,
        });
        var outcomes = new List<string>();
        foreach (var person in people)
        {
            try
            {
                await api.SendTemplateAsync(new TemplateMessage(notify.OpenIds[person], notify.Template.TemplateId!, data,
                    notify.Template.Url, ClientMsgId(c.Number, breach, person)), ct);
                outcomes.Add($"已通知 {person}");
            }
            catch (WeChatApiException ex)
            {
                LogFailed(c.Number, breach, ex.Kind, ex.ErrCode);
                outcomes.Add($"{person} 通知失败（{ex.ErrCode}）");
            }
        }
        return string.Join("；", outcomes);
    }

    private static string ClientMsgId(string number, SlaBreachKind breach, string person) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"sla|{number}|{breach}|{person}")))[..32];

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA notice for case {Number} ({Breach}) failed: {Kind} (errcode {ErrCode})")]
    private partial void LogFailed(string number, SlaBreachKind breach, WeChatErrorKind kind, int errCode);
}
