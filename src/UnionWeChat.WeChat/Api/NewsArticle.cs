namespace UnionWeChat.WeChat.Api;

/// <summary>The single article of a custom "news" message (WeChat allows one since 2018; more answer 45008).</summary>
/// <param name="Title">Headline.</param>
/// <param name="Description">Summary line.</param>
/// <param name="Url">Link opened on tap.</param>
/// <param name="PicUrl">Cover image URL (JPG/PNG).</param>
public sealed record NewsArticle(string Title, string Description, string Url, string? PicUrl = null);
