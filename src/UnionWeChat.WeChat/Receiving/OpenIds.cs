namespace UnionWeChat.WeChat.Receiving;

/// <summary>The one shape an openid takes when it is logged or shown in diagnostics.</summary>
public static class OpenIds
{
    /// <summary>
    /// The first six characters and an ellipsis (<c>oUpF8u…</c>): enough to tell members apart in a log, too little to
    /// identify one. Six characters or fewer become <c>…</c> alone.
    /// </summary>
    public static string Shorten(string openId)
    {
        ArgumentNullException.ThrowIfNull(openId);
        return openId.Length <= 6 ? "…" : openId[..6] + "…";
    }
}
