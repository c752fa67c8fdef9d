using System.Globalization;
using UnionWeChat.Functions.Outbound;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Staff;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Pushes a staff reply (or the rating question) to the worker through the <see cref="MemberMessenger"/>, which picks
/// a custom message inside the worker's service window and the configured template otherwise. Replies are essential:
/// they reach a worker who opted out of notices. Here only the words the case history shows are chosen.
/// </summary>
public sealed partial class WorkerReplies(MemberMessenger messenger, DeskOptions options, TimeProvider time, ILogger<WorkerReplies> logger)
{
    /// <summary>A staff reply, headed 「工作人员回复」.</summary>
    public Task<ReplyReport> DeliverAsync(Case c, string text, CancellationToken ct) => SendAsync(c, CustomText(c, text), text, ct);

    /// <summary>The rating question when a case closes: not a staff reply, so it carries its own heading (办结回访).</summary>
    public Task<ReplyReport> AskRatingAsync(Case closed, CancellationToken ct)
    {
        var question = RatingFeature.Question(closed.Number);
        return SendAsync(closed, $"【{closed.Number}】{RatingFeature.Heading}\n{question}", question, ct);
    }

    private async Task<ReplyReport> SendAsync(Case c, string customText, string templateText, CancellationToken ct)
    {
        var report = await messenger.SendAsync(new MemberMessage(c.OpenId, customText, Template(c, templateText), Essential: true), ct);
        switch (report.Delivery)
        {
            case MemberDelivery.Custom:
                return new ReplyReport(ReplyDelivery.CustomMessage, null);
            case MemberDelivery.Template:
                return new ReplyReport(ReplyDelivery.TemplateMessage, null);
            case MemberDelivery.NotFollowing:
                return new ReplyReport(ReplyDelivery.NotDelivered, "职工已取消关注");
            case MemberDelivery.NoChannel:
                LogNoTemplate(c.Number);
                return new ReplyReport(ReplyDelivery.NotDelivered, "超过48小时未互动，且未配置模板消息");
            default:
                var send = report.Send;
                LogFailed(c.Number, report.Delivery, send?.ErrCode ?? 0);
                return new ReplyReport(ReplyDelivery.NotDelivered, report.Delivery == MemberDelivery.Unconfirmed
                    ? "微信接口超时，消息可能已送达"
                    : send?.Kind switch
                    {
                        WeChatErrorKind.NotFollowing => "职工已取消关注",
                        WeChatErrorKind.QuotaExhausted => "今日消息额度已用完",
                        _ => $"微信接口错误 {send?.ErrCode ?? 0}",
                    });
        }
    }

    private TemplateFallback? Template(Case c, string text)
    {
        var template = options.ReplyTemplate;
        if (!template.IsConfigured)
        {
            return null;
        }
        var values = new Dictionary<string, string>
        {
            ["number"] = c.Number,
            ["text"] = text,
            ["time"] = ChinaTime.Minute(time.GetUtcNow()),
            // The worker reads this template: their word for the state, as in 查询.
            ["status"] = CaseTexts.Status(c.Status),
            ["kind"] = CaseLabels.Of(c.Kind),
        };
        return new TemplateFallback(template.TemplateId!, template.Fill(values), template.Url);
    }

    public static string CustomText(Case c, string text) =>
        $"【{c.Number}】工作人员回复：\n{text}\n\n回复“查询 {c.Number}”查看办理进度。";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply on case {Number} not pushed: the window is closed and Staff__ReplyTemplate__TemplateId is not set")]
    private partial void LogNoTemplate(string number);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply on case {Number} not pushed: {Delivery} (errcode {ErrCode})")]
    private partial void LogFailed(string number, MemberDelivery delivery, int errCode);
}
