namespace UnionWeChat.Functions.Notices;

/// <summary>
/// The template message a template notice sends: the template id from the WeChat console, and its keywords mapped to
/// values, where <c>{title}</c>, <c>{body}</c> and <c>{url}</c> stand for the notice's own.
/// </summary>
public sealed record NoticeTemplate(string TemplateId, IReadOnlyDictionary<string, string> Data, string? Url);
