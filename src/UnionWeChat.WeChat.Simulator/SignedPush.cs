using System.Text;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.WeChat.Simulator;

/// <summary>A push as WeChat would send it: the signed query and the (possibly encrypted) body.</summary>
public sealed record SignedPush(PushQuery Query, string Body, PushMode Mode)
{
    /// <summary>The query string WeChat would append to the server URL, without the leading '?'.</summary>
    public string QueryString
    {
        get
        {
            var sb = new StringBuilder();
            Append(sb, "signature", Query.Signature);
            Append(sb, "timestamp", Query.Timestamp);
            Append(sb, "nonce", Query.Nonce);
            Append(sb, "openid", Query.OpenId);
            Append(sb, "encrypt_type", Query.EncryptType);
            Append(sb, "msg_signature", Query.MsgSignature);
            return sb.ToString();
        }
    }

    /// <summary><paramref name="target"/> with <see cref="QueryString"/> appended (keeping any query it already has).</summary>
    public Uri ToUri(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var builder = new UriBuilder(target);
        var existing = builder.Query.TrimStart('?');
        builder.Query = existing.Length == 0 ? QueryString : existing + "&" + QueryString;
        return builder.Uri;
    }

    private static void Append(StringBuilder sb, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (sb.Length > 0)
        {
            sb.Append('&');
        }

        sb.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }
}
