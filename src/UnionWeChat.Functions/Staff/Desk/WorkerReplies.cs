using System.Globalization;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Members;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Staff.Desk;

/// <summary>
/// Pushes a staff reply to the worker: a custom message while WeChat's customer-service window allows one (a
/// worker's message opens 5 within 48 hours; each one sent is counted on the member), otherwise the configured
/// template message. If WeChat says the window is closed after all (45015/45047), the template is used too.
/// https://developers.weixin.qq.com/doc/service/api/customer/message/api_sendcustommessage
/// </summary>
public sealed partial class WorkerReplies(
    WeChatApiClient api, MemberStore members, ServiceWindow window, StaffOptions options, TimeProvider time,
    ILogger<WorkerReplies> logger)
{
    public async Task<ReplyReport> DeliverAsync(Case c, string text, CancellationToken ct)
    {
        var member = await members.GetAsync(c.OpenId, ct);
        if (member is null || !member.Following)
        {
            return new ReplyReport(ReplyDelivery.NotDelivered, "职工已取消关注");
        }
        if (member.LastInteractionAt is { } last
            && window.Evaluate(last, member.LastInteractionKind ?? InteractionKind.UserMessage, member.CustomSentSinceInteraction).IsAllowed)
        {
            try
            {
                await api.SendCustomTextAsync(c.OpenId, CustomText(c, text), ct);
                await members.CountCustomSentAsync(c.OpenId, ct);
                return new ReplyReport(ReplyDelivery.CustomMessage, null);
            }
            catch (WeChatApiException ex) when (ex.Kind == WeChatErrorKind.OutsideServiceWindow)
            {
                LogWindowClosed(c.Number, ex.ErrCode);
            }
            catch (WeChatApiException ex)
            {
                return Failed(c, ex);
            }
        }
        return await SendTemplateAsync(c, text, ct);
    }

    private async Task<ReplyReport> SendTemplateAsync(Case c, string text, CancellationToken ct)
    {
        var template = options.ReplyTemplate;
        if (!template.IsConfigured)
        {
            LogNoTemplate(c.Number);
            return new ReplyReport(ReplyDelivery.NotDelivered, "超过48小时未互动，且未配置模板消息");
        }
        var values = new Dictionary<string, string>
        {
            ["number"] = c.Number,
            ["text"] = text,
            ["time"] = time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            ["status"] = CaseLabels.Of(c.Status),
            ["kind"] = CaseLabels.Of(c.Kind),
        };
        try
        {
            await api.SendTemplateAsync(new TemplateMessage(c.OpenId, template.TemplateId!, template.Fill(values), template.Url), ct);
            return new ReplyReport(ReplyDelivery.TemplateMessage, null);
        }
        catch (WeChatApiException ex)
        {
            return Failed(c, ex);
        }
    }

    private ReplyReport Failed(Case c, WeChatApiException ex)
    {
        LogFailed(c.Number, ex.Kind, ex.ErrCode);
        return new ReplyReport(ReplyDelivery.NotDelivered, ex.Kind switch
        {
            WeChatErrorKind.NotFollowing => "职工已取消关注",
            WeChatErrorKind.QuotaExhausted => "今日消息额度已用完",
            WeChatErrorKind.Timeout => "微信接口超时，消息可能已送达",
            _ => $"微信接口错误 {ex.ErrCode}",
        });
    }

    public static string CustomText(Case c, string text) =>
        $"【{c.Number}】工作人员回复：\n{text}\n\n回复“查询 {c.Number}”查看办理进度。";

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply on case {Number}: the service window had closed (errcode {ErrCode}); trying the template")]
    private partial void LogWindowClosed(string number, int errCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply on case {Number} not pushed: the window is closed and Staff__ReplyTemplate__TemplateId is not set")]
    private partial void LogNoTemplate(string number);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply on case {Number} not pushed: {Kind} (errcode {ErrCode})")]
    private partial void LogFailed(string number, WeChatErrorKind kind, int errCode);
}
