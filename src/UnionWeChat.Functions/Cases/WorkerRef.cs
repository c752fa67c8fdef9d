using System.Security.Cryptography;
using System.Text;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// A stable pseudonym for a worker's openid. Cases are filed under it, so they survive unfollowing (the profile
/// is deleted) and reconnect when the same worker follows again (WeChat gives them the same openid).
/// </summary>
public static class WorkerRef
{
    public static string Of(string openId) =>
        "w" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("unionwechat-worker:" + openId)))[..31];
}
