namespace UnionWeChat.Functions.Polls;

/// <summary>How the timer tells the audience that a poll opened (and, if configured, its results).</summary>
public enum AnnouncementChannel
{
    None,
    /// <summary>A mass send (群发): to all followers at once, or by openid lists for tags and registered members.</summary>
    Mass,
    /// <summary>A template message (模板消息) to each member of the audience.</summary>
    Template,
}
