namespace UnionWeChat.Functions.Notices;

/// <summary>A news article a notice links to: a card in custom messages, a link in mass text and templates.</summary>
public sealed record NoticeArticle(string Title, string Description, string Url, string? PicUrl);
