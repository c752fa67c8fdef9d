using System.Text.Json.Nodes;

namespace UnionWeChat.WeChat.Api;

// Custom (客服) messages: only inside the service window a user's interaction opens (see ServiceWindow).
// https://developers.weixin.qq.com/doc/service/api/customer/message/api_sendcustommessage
public sealed partial class WeChatApiClient
{
    private const string CustomSendPath = "/cgi-bin/message/custom/send";

    /// <summary>Sends a text custom message. Not repeated after a timeout (see the class remarks).</summary>
    public Task SendCustomTextAsync(string openId, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        return SendCustomAsync(openId, "text", new JsonObject { ["content"] = text }, cancellationToken);
    }

    /// <summary>Sends an image custom message (a media id from media/upload or permanent material).</summary>
    public Task SendCustomImageAsync(string openId, string mediaId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaId);
        return SendCustomAsync(openId, "image", new JsonObject { ["media_id"] = mediaId }, cancellationToken);
    }

    /// <summary>Sends a news (link card) custom message with one article.</summary>
    public Task SendCustomNewsAsync(string openId, NewsArticle article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        var item = new JsonObject { ["title"] = article.Title, ["description"] = article.Description, ["url"] = article.Url };
        if (article.PicUrl is not null)
        {
            item["picurl"] = article.PicUrl;
        }

        return SendCustomAsync(openId, "news", new JsonObject { ["articles"] = new JsonArray(item) }, cancellationToken);
    }

    private Task SendCustomAsync(string openId, string msgType, JsonObject content, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["touser"] = RequireOpenId(openId, nameof(openId)), ["msgtype"] = msgType, [msgType] = content };
        return PostAsync(CustomSendPath, body, CallSafety.NotIdempotent, cancellationToken);
    }
}
