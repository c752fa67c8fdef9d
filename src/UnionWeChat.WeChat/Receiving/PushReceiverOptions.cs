namespace UnionWeChat.WeChat.Receiving;

/// <summary>Settings for <see cref="PushReceiver"/>, bound from the <c>WeChat</c> configuration section.</summary>
public sealed class PushReceiverOptions
{
    /// <summary>Smallest allowed <see cref="MaxBodyBytes"/>: a safe-mode push of a short text is about 700 bytes.</summary>
    public const int MinBodyBytes = 1024;

    /// <summary>Largest allowed <see cref="MaxBodyBytes"/>.</summary>
    public const int MaxAllowedBodyBytes = 1024 * 1024;

    /// <summary>The server Token set in the account's server settings. Required.</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>The account's appid. Required; encrypted pushes must carry it.</summary>
    public string AppId { get; set; } = string.Empty;

    /// <summary>The 43-character EncodingAESKey. Optional; without it, encrypted pushes are refused.</summary>
    public string? EncodingAESKey { get; set; }

    /// <summary>
    /// Bodies larger than this are refused before parsing. Default 64 KiB, range 1 KiB–1 MiB.
    /// Compatible mode roughly triples a push's size (plain fields plus base64 ciphertext); size the limit for that.
    /// </summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Token))
        {
            throw new ArgumentException("WeChat Token is required.", nameof(Token));
        }

        if (string.IsNullOrWhiteSpace(AppId))
        {
            throw new ArgumentException("WeChat AppId is required.", nameof(AppId));
        }

        if (MaxBodyBytes is < MinBodyBytes or > MaxAllowedBodyBytes)
        {
            throw new ArgumentException($"MaxBodyBytes must be between {MinBodyBytes} and {MaxAllowedBodyBytes}.", nameof(MaxBodyBytes));
        }

        if (!string.IsNullOrEmpty(EncodingAESKey))
        {
            _ = new WeChatMessageCrypto(EncodingAESKey, AppId);
        }
    }
}
