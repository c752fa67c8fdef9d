namespace UnionWeChat.Functions.Outbound;

/// <summary>The template message sent when a custom message cannot be: the keyword fields already filled in.</summary>
public sealed record TemplateFallback(string TemplateId, IReadOnlyDictionary<string, string> Data, string? Url = null);
