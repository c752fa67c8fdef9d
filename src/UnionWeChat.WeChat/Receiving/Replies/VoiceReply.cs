namespace UnionWeChat.WeChat.Receiving;

/// <summary>A voice reply; the recording must have been uploaded as media first.</summary>
public sealed record VoiceReply(string MediaId) : Reply
{
    public override string MsgType => "voice";
}
