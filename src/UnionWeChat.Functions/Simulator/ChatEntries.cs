using System.Text.Json;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Simulator;

/// <summary>Turns what the account sends (a passive reply's XML, a message the API stand-in accepted) into chat entries.</summary>
public static class ChatEntries
{
    /// <summary>The entries a passive reply shows; none for "success" or an empty body.</summary>
    public static IReadOnlyList<ChatEntry> FromReply(string? replyXml)
    {
        if (string.IsNullOrEmpty(replyXml) || replyXml == ReplyWriter.Success)
        {
            return [];
        }

        var fields = WeChatXml.Parse(replyXml);
        var msgType = fields.GetValueOrDefault("MsgType") ?? "";
        if (msgType == "text")
        {
            return [ChatEntry.FromAccount("text", fields.GetValueOrDefault("Content") ?? "", null, "reply")];
        }
        if (msgType == "news")
        {
            var titles = WeChatXml.GetAll(fields, "Articles/item/Title");
            var descriptions = WeChatXml.GetAll(fields, "Articles/item/Description");
            var urls = WeChatXml.GetAll(fields, "Articles/item/Url");
            return titles.Select((title, i) => ChatEntry.FromAccount(
                "news", Join(title, descriptions.ElementAtOrDefault(i)), LinkOrNull(urls.ElementAtOrDefault(i)), "reply")).ToList();
        }
        return [ChatEntry.FromAccount(msgType, Placeholder(msgType), null, "reply")];
    }

    /// <summary>The entry for a message the account sent through the API (custom, template or mass).</summary>
    public static ChatEntry FromStandIn(StandInMessage message)
    {
        var via = message.Channel switch
        {
            SendChannel.Custom => "custom",
            SendChannel.Template => "template",
            SendChannel.Preview => "preview",
            _ => "mass",
        };
        using var body = JsonDocument.Parse(message.BodyJson);
        var root = body.RootElement;
        return message.MsgType switch
        {
            "text" => ChatEntry.FromAccount("text", message.Text ?? "", null, via),
            "template" => ChatEntry.FromAccount("template", message.Text ?? "", LinkOrNull(StringOf(root, "url")), via),
            "news" when root.TryGetProperty("news", out var news) && news.TryGetProperty("articles", out var articles)
                && articles.ValueKind == JsonValueKind.Array && articles.GetArrayLength() > 0 =>
                ChatEntry.FromAccount("news", Join(message.Text ?? StringOf(articles[0], "title"), StringOf(articles[0], "description")),
                    LinkOrNull(StringOf(articles[0], "url")), via),
            _ => ChatEntry.FromAccount(message.MsgType, message.Text ?? Placeholder(message.MsgType), null, via),
        };
    }

    private static string Placeholder(string msgType) => msgType switch
    {
        "image" => "[图片]",
        "voice" => "[语音]",
        "video" or "mpvideo" => "[视频]",
        "music" => "[音乐]",
        "mpnews" or "mpnewsarticle" => "[图文消息]",
        "news" => "[图文]",
        _ => "[" + msgType + "]",
    };

    private static string Join(string? title, string? description) =>
        string.IsNullOrEmpty(description) ? title ?? "" : (title ?? "") + "\n" + description;

    private static string? StringOf(JsonElement node, string name) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    // Only http(s) links become clickable; anything else (javascript:, data:) stays text.
    private static string? LinkOrNull(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.AbsoluteUri
            : null;
}
