namespace UnionWeChat.WeChat.Receiving;

/// <summary>A verified, decrypted and parsed push.</summary>
/// <param name="Mode">How it arrived; pass it to <see cref="PushReceiver.Seal"/> with the reply.</param>
/// <param name="Message">The typed message.</param>
/// <param name="PlainXml">The message XML (decrypted in compatible and safe mode). Never log it: it is a user's message.</param>
public sealed record ReceivedPush(PushMode Mode, IncomingMessage Message, string PlainXml)
{
    /// <summary>Mode and message summary, without the XML: safe to log.</summary>
    public override string ToString() => $"ReceivedPush {{ Mode = {Mode}, Message = {Message} }}";
}
