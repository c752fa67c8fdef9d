using System.Text.Json.Nodes;

namespace UnionWeChat.WeChat.Api;

/// <summary>What a mass send or preview carries (https://developers.weixin.qq.com/doc/service/api/notify/message/api_sendall).</summary>
public sealed record MassContent
{
    private MassContent(string msgType, string field, string value)
    {
        MsgType = msgType;
        Field = field;
        Value = value;
    }

    /// <summary>WeChat's msgtype: text, mpnews, image, voice or mpvideo.</summary>
    public string MsgType { get; }

    /// <summary>The property inside the msgtype object: <c>content</c> or <c>media_id</c>.</summary>
    public string Field { get; }

    /// <summary>The text, or the media id of the uploaded material.</summary>
    public string Value { get; }

    /// <summary>Plain text.</summary>
    public static MassContent Text(string content) => new("text", "content", Require(content));

    /// <summary>An article (图文) uploaded as permanent material.</summary>
    public static MassContent MpNews(string mediaId) => new("mpnews", "media_id", Require(mediaId));

    /// <summary>An image from permanent material (sent as <c>images.media_ids</c> in mass sends, <c>image.media_id</c> in previews).</summary>
    public static MassContent Image(string mediaId) => new("image", "media_id", Require(mediaId));

    /// <summary>A voice message from permanent material.</summary>
    public static MassContent Voice(string mediaId) => new("voice", "media_id", Require(mediaId));

    /// <summary>A video prepared with media/uploadvideo.</summary>
    public static MassContent MpVideo(string mediaId) => new("mpvideo", "media_id", Require(mediaId));

    internal void WriteTo(JsonObject body, bool preview)
    {
        body["msgtype"] = MsgType;
        body[MsgType == "image" && !preview ? "images" : MsgType] = MsgType == "image" && !preview
            ? new JsonObject { ["media_ids"] = new JsonArray(Value) }
            : new JsonObject { [Field] = Value };
    }

    private static string Require(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return value;
    }
}
