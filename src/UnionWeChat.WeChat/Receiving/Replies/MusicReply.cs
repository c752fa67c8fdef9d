namespace UnionWeChat.WeChat.Receiving;

/// <summary>A music reply: a link to audio (<paramref name="HqMusicUrl"/> is used on Wi-Fi) with an uploaded thumbnail.</summary>
public sealed record MusicReply(
    string ThumbMediaId,
    string? Title = null,
    string? Description = null,
    string? MusicUrl = null,
    string? HqMusicUrl = null) : Reply
{
    public override string MsgType => "music";
}
