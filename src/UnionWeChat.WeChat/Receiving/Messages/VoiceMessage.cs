namespace UnionWeChat.WeChat.Receiving;

/// <summary>A voice message (<c>MsgType=voice</c>).</summary>
public sealed record VoiceMessage : OrdinaryMessage
{
    /// <summary>The temporary media id of the recording.</summary>
    public required string MediaId { get; init; }

    /// <summary>The audio format (<c>amr</c>, <c>speex</c>).</summary>
    public required string Format { get; init; }

    /// <summary>WeChat's speech recognition of the recording, when the account has it enabled; otherwise null.</summary>
    public string? Recognition { get; init; }
}
