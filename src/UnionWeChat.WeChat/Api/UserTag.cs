namespace UnionWeChat.WeChat.Api;

/// <summary>A follower tag (标签).</summary>
/// <param name="Id">WeChat's tag id.</param>
/// <param name="Name">Up to 30 bytes.</param>
/// <param name="Count">Followers carrying the tag (0 right after creation).</param>
public sealed record UserTag(int Id, string Name, int Count);
