namespace UnionWeChat.Functions.Outbound;

/// <summary>One message to one member, in the forms the channels take.</summary>
/// <param name="OpenId">The recipient.</param>
/// <param name="Text">The custom (客服) message text; null when only the template may carry it.</param>
/// <param name="Template">The template to fall back on; null when there is none configured.</param>
/// <param name="Essential">
/// Case replies and SLA notices: sent even to a member who opted out (退订), which covers only notices and announcements.
/// </param>
/// <param name="ClientMsgId">
/// The template's de-duplication key; give a stable one where the same message may be attempted again (a timer
/// running twice), so WeChat drops the repeat within 10 minutes.
/// </param>
public sealed record MemberMessage(string OpenId, string? Text, TemplateFallback? Template, bool Essential, string? ClientMsgId = null);
