namespace UnionWeChat.Functions.Notices;

/// <summary>How a notice reaches members; WeChat limits each differently.</summary>
public enum NoticeChannel
{
    /// <summary>One template message per recipient (daily quota, any follower).</summary>
    Template,
    /// <summary>群发 to openid lists of up to 10,000 (each member at most 4 a month on a service account).</summary>
    Mass,
    /// <summary>Custom (客服) messages, only to members inside the 48-hour service window.</summary>
    Custom,
}
