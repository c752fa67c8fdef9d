using System.Net;

namespace UnionWeChat.WeChat.Simulator;

/// <summary>What the app answered to a push.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Body">The raw response body.</param>
/// <param name="ReplyXml">
/// On a 2xx: the reply after its MsgSignature was verified and it was decrypted (encrypted modes), or the body as is
/// ("success", "", or plain XML). Null on any other status.
/// </param>
public sealed record PushResponse(HttpStatusCode StatusCode, string Body, string? ReplyXml)
{
    /// <summary>True when the app said "nothing to say": "success" or an empty body.</summary>
    public bool IsSuccessOnly => ReplyXml is "success" or "";
}
