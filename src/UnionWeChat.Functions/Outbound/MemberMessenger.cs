using UnionWeChat.Functions.Members;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Outbound;

/// <summary>
/// Sends one message to one member, choosing the channel by one rule: a custom message while the service window the
/// member's last interaction opened has a slot left (5 within 48 hours of a message, 3 within a minute of a menu tap;
/// the slot is taken on the member row with its ETag, so two senders cannot both take the last one), else the
/// template. WeChat saying the window is closed after all (45015/45047) also falls back to the template. An answer
/// lost is reported unconfirmed and never followed by another send, which could reach the member twice.
/// https://developers.weixin.qq.com/doc/service/api/customer/message/api_sendcustommessage
/// </summary>
public sealed partial class MemberMessenger(MemberStore members, WeChatSender sender, ServiceWindow window, ILogger<MemberMessenger> logger)
{
    public async Task<DeliveryReport> SendAsync(MemberMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var member = await members.GetAsync(message.OpenId, ct);
        if (member is { Following: false })
        {
            return new DeliveryReport(MemberDelivery.NotFollowing);
        }
        if (member is { OptedOut: true } && !message.Essential)
        {
            return new DeliveryReport(MemberDelivery.OptedOut);
        }
        // No row (staff openids configured by hand, an interaction that could not be recorded): our records say
        // nothing about the window, so WeChat's answer decides, and a refusal (45015/45047) falls back to the template.
        if (message.Text is not null && (member is null || await members.TryTakeCustomSlotAsync(member, window, ct)))
        {
            var custom = await sender.SendTextAsync(message.OpenId, message.Text, ct);
            switch (custom.Status)
            {
                case SendStatus.Sent:
                    return new DeliveryReport(MemberDelivery.Custom, custom);
                case SendStatus.AnswerLost:
                    return new DeliveryReport(MemberDelivery.Unconfirmed, custom);
                case SendStatus.Refused when custom.Kind != WeChatErrorKind.OutsideServiceWindow:
                    return new DeliveryReport(MemberDelivery.Refused, custom);
                default:
                    LogWindowClosed(custom.ErrCode);
                    break;
            }
        }
        if (message.Template is not { } template)
        {
            return new DeliveryReport(MemberDelivery.NoChannel);
        }
        var sent = await sender.SendTemplateAsync(
            new TemplateMessage(message.OpenId, template.TemplateId, template.Data, template.Url, message.ClientMsgId), ct);
        return new DeliveryReport(sent.Status switch
        {
            SendStatus.Sent => MemberDelivery.Template,
            SendStatus.AnswerLost => MemberDelivery.Unconfirmed,
            _ => MemberDelivery.Refused,
        }, sent);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WeChat said the service window had closed (errcode {ErrCode}); trying the template")]
    private partial void LogWindowClosed(int errCode);
}
