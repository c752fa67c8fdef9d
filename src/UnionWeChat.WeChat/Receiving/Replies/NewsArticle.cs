namespace UnionWeChat.WeChat.Receiving;

/// <summary>One article of a <see cref="NewsReply"/>: a card with a title, description, picture and link.</summary>
public sealed record NewsArticle(string Title, string Description, string PicUrl, string Url);
