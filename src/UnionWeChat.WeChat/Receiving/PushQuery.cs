namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// The query parameters of a push or URL-verification request, as WeChat names them:
/// <c>signature</c>, <c>timestamp</c>, <c>nonce</c>, <c>openid</c>, <c>encrypt_type</c>, <c>msg_signature</c>
/// (and <c>echostr</c> for verification, passed to <see cref="PushReceiver.VerifyUrl"/> separately).
/// </summary>
public sealed record PushQuery(
    string? Signature,
    string? Timestamp,
    string? Nonce,
    string? OpenId = null,
    string? EncryptType = null,
    string? MsgSignature = null)
{
    /// <summary>The <c>encrypt_type</c> value for compatible and safe mode.</summary>
    public const string AesEncryptType = "aes";

    /// <summary>The <c>encrypt_type</c> value some requests carry in plaintext mode.</summary>
    public const string RawEncryptType = "raw";
}
