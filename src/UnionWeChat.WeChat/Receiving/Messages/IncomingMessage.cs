namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// A message or event WeChat pushed to the account, as parsed by <see cref="IncomingMessageParser"/>.
/// Ordinary messages derive from <see cref="OrdinaryMessage"/>, events from <see cref="EventMessage"/>;
/// anything else is an <see cref="UnknownMessage"/>.
/// </summary>
public abstract record IncomingMessage
{
    /// <summary>The account's original id (<c>gh_…</c>).</summary>
    public required string ToUserName { get; init; }

    /// <summary>The sender's openid.</summary>
    public required string FromUserName { get; init; }

    /// <summary>When WeChat created the message, in Unix seconds as sent (<c>CreateTime</c>).</summary>
    public required long CreateTimeUnix { get; init; }

    /// <summary><see cref="CreateTimeUnix"/> as a UTC instant.</summary>
    public DateTimeOffset CreateTime => DateTimeOffset.FromUnixTimeSeconds(CreateTimeUnix);

    /// <summary>The <c>MsgType</c> element as sent (<c>text</c>, <c>event</c>, …).</summary>
    public required string MsgType { get; init; }

    /// <summary>Every field of the message, keyed as <see cref="WeChatXml.Parse"/> describes; for fields not modelled here.</summary>
    public required IReadOnlyDictionary<string, string> Fields { get; init; }

    /// <summary>
    /// The key under which a push is processed once, as WeChat recommends for its retries:
    /// <c>FromUserName|MsgId</c> for messages (MsgId alone has collided across users) and
    /// <c>FromUserName|CreateTime|Event|EventKey</c> for events. It may contain any character an EventKey can
    /// (a VIEW event's key is a URL), so hash or escape it before using it as a storage key.
    /// See https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
    /// </summary>
    public abstract string DedupeKey { get; }

    /// <summary>Type, MsgType, a shortened sender openid and the time: never the content, so it is safe to log.</summary>
    public sealed override string ToString() =>
        $"{GetType().Name} {{ MsgType = {MsgType}, From = {OpenIds.Shorten(FromUserName)}, CreateTime = {CreateTimeUnix} }}";

    internal static string MessageKey(string fromUserName, string msgId) => fromUserName + "|" + msgId;

    internal static string EventKeyOf(string fromUserName, long createTimeUnix, string eventName, string eventKey) =>
        string.Join('|', fromUserName, createTimeUnix.ToString(System.Globalization.CultureInfo.InvariantCulture), eventName, eventKey);
}
