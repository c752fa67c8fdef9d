namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// A news (图文) reply of 1 to <see cref="MaxArticles"/> articles. WeChat's passive-reply page limits the count to 8,
/// and to 1 when replying to a text, image, voice, video, news or location message; only events (menu taps,
/// follows) may get more. See https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
/// </summary>
public sealed record NewsReply : Reply
{
    /// <summary>The most articles WeChat shows in one passive reply.</summary>
    public const int MaxArticles = 8;

    /// <exception cref="ArgumentException">No articles, or more than <see cref="MaxArticles"/>.</exception>
    public NewsReply(IReadOnlyList<NewsArticle> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        if (articles.Count is 0 or > MaxArticles)
        {
            throw new ArgumentException($"A news reply has 1 to {MaxArticles} articles.", nameof(articles));
        }

        Articles = articles.ToArray();
    }

    public IReadOnlyList<NewsArticle> Articles { get; }

    public override string MsgType => "news";
}
