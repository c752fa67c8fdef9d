namespace UnionWeChat.WeChat.Api;

/// <summary>One HTTP answer as read from WeChat, bounded in size.</summary>
internal sealed record RawResponse(byte[] Body, string? MediaType, string? FileName);
