using System.Security.Cryptography;
using System.Text;

namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// WeChat's request signatures: sha1 of the parts sorted in ordinal (byte) order and concatenated, lowercase hex.
/// <c>signature</c> signs (token, timestamp, nonce); <c>msg_signature</c> signs (token, timestamp, nonce, Encrypt).
/// See https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.html
/// </summary>
public static class WeChatSignature
{
    private const int HexLength = 40;

    /// <summary>Computes the signature of <paramref name="parts"/> (null parts count as empty strings).</summary>
    public static string Compute(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var sorted = parts.Select(p => p ?? string.Empty).ToArray();
        // Ordinal, not the culture-aware default: WeChat sorts by byte value.
        Array.Sort(sorted, StringComparer.Ordinal);
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted)));
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// True when <paramref name="expected"/> is the signature of <paramref name="parts"/>, compared in constant time.
    /// Null, empty, wrongly sized or non-lowercase input gives false, never an exception.
    /// </summary>
    public static bool Verify(string? expected, params string[]? parts)
    {
        if (expected is null || expected.Length != HexLength || parts is null)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[HexLength];
        for (var i = 0; i < HexLength; i++)
        {
            var c = expected[i];
            if (c > 0x7F)
            {
                return false;
            }

            given[i] = (byte)c;
        }

        Span<byte> actual = stackalloc byte[HexLength];
        Encoding.ASCII.GetBytes(Compute(parts), actual);
        return CryptographicOperations.FixedTimeEquals(given, actual);
    }
}
