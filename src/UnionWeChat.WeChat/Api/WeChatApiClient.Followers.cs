using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UnionWeChat.WeChat.Api;

// Followers and their basic information.
// https://developers.weixin.qq.com/doc/service/api/usermanage/userinfo/api_getfans and api_batchuserinfo
public sealed partial class WeChatApiClient
{
    /// <summary>Most openids one user-info batch accepts.</summary>
    public const int UserInfoBatchMax = 100;

    private const string FollowersPath = "/cgi-bin/user/get";
    private const string UserInfoBatchPath = "/cgi-bin/user/info/batchget";

    /// <summary>One page of up to 10,000 follower openids, starting after <paramref name="nextOpenId"/> (null for the first page).</summary>
    public async Task<FollowerPage> GetFollowersAsync(string? nextOpenId, CancellationToken cancellationToken = default)
    {
        var answer = await GetAsync(FollowersPath, [new("next_openid", string.IsNullOrEmpty(nextOpenId) ? null : nextOpenId)], 0, cancellationToken).ConfigureAwait(false);
        return new FollowerPage((int)Int64Of(answer, "total"), OpenIdsOf(answer), StringOf(answer, "next_openid"));
    }

    // user/get and user/tag/get answer the same shape: data.openid[], absent on an empty page.
    private static List<string> OpenIdsOf(JsonElement answer)
    {
        var openIds = new List<string>();
        if (answer.TryGetProperty("data", out var data) && data.TryGetProperty("openid", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            openIds.AddRange(list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Where(id => id.Length > 0));
        }

        return openIds;
    }

    /// <summary>Every follower's openid, page by page (<c>next_openid</c>) until WeChat returns an empty page.</summary>
    public async IAsyncEnumerable<string> ListAllFollowersAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? next = null;
        while (true)
        {
            var page = await GetFollowersAsync(next, cancellationToken).ConfigureAwait(false);
            foreach (var openId in page.OpenIds)
            {
                yield return openId;
            }

            // WeChat's last page still names its last openid; the call after it comes back empty.
            if (page.OpenIds.Count == 0 || string.IsNullOrEmpty(page.NextOpenId) || page.NextOpenId == next)
            {
                yield break;
            }

            next = page.NextOpenId;
        }
    }

    /// <summary>Basic information for up to 100 users; more are refused before any request.</summary>
    public async Task<IReadOnlyList<FollowerInfo>> GetUserInfosAsync(IReadOnlyCollection<string> openIds, string language = "zh_CN", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(openIds);
        if (openIds.Count is 0 or > UserInfoBatchMax)
        {
            throw new ArgumentException($"A user-info batch takes 1 to {UserInfoBatchMax} openids, not {openIds.Count}.", nameof(openIds));
        }

        var users = new JsonArray();
        foreach (var openId in openIds)
        {
            users.Add(new JsonObject { ["openid"] = RequireOpenId(openId, nameof(openIds)), ["lang"] = language });
        }

        var answer = await PostAsync(UserInfoBatchPath, new JsonObject { ["user_list"] = users }, CallSafety.Idempotent, cancellationToken).ConfigureAwait(false);
        if (!answer.TryGetProperty("user_info_list", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return list.EnumerateArray().Select(ToFollowerInfo).ToList();
    }

    private static FollowerInfo ToFollowerInfo(JsonElement user)
    {
        var subscribeTime = Int64Of(user, "subscribe_time");
        var tagIds = user.TryGetProperty("tagid_list", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? tags.EnumerateArray().Where(t => t.TryGetInt32(out _)).Select(t => t.GetInt32()).ToList()
            : [];
        return new FollowerInfo(
            StringOf(user, "openid") ?? "",
            Int64Of(user, "subscribe") == 1,
            StringOf(user, "nickname"),
            StringOf(user, "language"),
            subscribeTime > 0 ? DateTimeOffset.FromUnixTimeSeconds(subscribeTime) : null,
            StringOf(user, "remark"),
            tagIds,
            StringOf(user, "subscribe_scene"));
    }
}
