using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UnionWeChat.WeChat.Api;

// Follower tags (标签): the audiences of mass sends by tag.
// https://developers.weixin.qq.com/doc/service/api/usermanage/tag/api_batchtagging and neighbours
public sealed partial class WeChatApiClient
{
    /// <summary>Most openids one tagging call accepts.</summary>
    public const int TaggingBatchMax = 50;

    private const string TagCreatePath = "/cgi-bin/tags/create";
    private const string TagsGetPath = "/cgi-bin/tags/get";
    private const string BatchTaggingPath = "/cgi-bin/tags/members/batchtagging";
    private const string BatchUntaggingPath = "/cgi-bin/tags/members/batchuntagging";
    private const string TagIdListPath = "/cgi-bin/tags/getidlist";
    private const string TagFollowersPath = "/cgi-bin/user/tag/get";

    /// <summary>Creates a tag (name at most 30 bytes; 45157 if the name is taken). Not repeated after a timeout.</summary>
    public async Task<UserTag> CreateTagAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var answer = await PostAsync(TagCreatePath, new JsonObject { ["tag"] = new JsonObject { ["name"] = name } }, CallSafety.NotIdempotent, cancellationToken).ConfigureAwait(false);
        var tag = answer.GetProperty("tag");
        return new UserTag((int)Int64Of(tag, "id"), StringOf(tag, "name") ?? name, 0);
    }

    /// <summary>All tags of the account with their follower counts.</summary>
    public async Task<IReadOnlyList<UserTag>> GetTagsAsync(CancellationToken cancellationToken = default)
    {
        var answer = await GetAsync(TagsGetPath, [], 0, cancellationToken).ConfigureAwait(false);
        if (!answer.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return tags.EnumerateArray().Select(t => new UserTag((int)Int64Of(t, "id"), StringOf(t, "name") ?? "", (int)Int64Of(t, "count"))).ToList();
    }

    /// <summary>
    /// One page of a tag's followers (<c>/cgi-bin/user/tag/get</c>, a POST), starting after <paramref name="nextOpenId"/>
    /// (null for the first page). The total is not in WeChat's answer and is 0 here.
    /// </summary>
    public async Task<FollowerPage> GetTagFollowersAsync(int tagId, string? nextOpenId, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["tagid"] = tagId, ["next_openid"] = nextOpenId ?? "" };
        var answer = await PostAsync(TagFollowersPath, body, CallSafety.Idempotent, cancellationToken).ConfigureAwait(false);
        return new FollowerPage(0, OpenIdsOf(answer), StringOf(answer, "next_openid"));
    }

    /// <summary>Every follower carrying a tag, page by page until WeChat returns an empty page.</summary>
    public async IAsyncEnumerable<string> ListTagFollowersAsync(int tagId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? next = null;
        while (true)
        {
            var page = await GetTagFollowersAsync(tagId, next, cancellationToken).ConfigureAwait(false);
            foreach (var openId in page.OpenIds)
            {
                yield return openId;
            }

            // As user/get: the last page still names its last openid; the call after it comes back empty.
            if (page.OpenIds.Count == 0 || string.IsNullOrEmpty(page.NextOpenId) || page.NextOpenId == next)
            {
                yield break;
            }

            next = page.NextOpenId;
        }
    }

    /// <summary>Puts a tag on any number of followers, in calls of at most 50.</summary>
    public async Task TagAllAsync(int tagId, IEnumerable<string> openIds, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in openIds.Distinct(StringComparer.Ordinal).Chunk(TaggingBatchMax))
        {
            await TagUsersAsync(tagId, chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes a tag off any number of followers, in calls of at most 50.</summary>
    public async Task UntagAllAsync(int tagId, IEnumerable<string> openIds, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in openIds.Distinct(StringComparer.Ordinal).Chunk(TaggingBatchMax))
        {
            await UntagUsersAsync(tagId, chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Puts a tag on up to 50 followers (a user carries at most 20 tags).</summary>
    public Task TagUsersAsync(int tagId, IReadOnlyCollection<string> openIds, CancellationToken cancellationToken = default) =>
        BatchTagAsync(BatchTaggingPath, tagId, openIds, cancellationToken);

    /// <summary>Takes a tag off up to 50 followers.</summary>
    public Task UntagUsersAsync(int tagId, IReadOnlyCollection<string> openIds, CancellationToken cancellationToken = default) =>
        BatchTagAsync(BatchUntaggingPath, tagId, openIds, cancellationToken);

    /// <summary>The tag ids on one follower.</summary>
    public async Task<IReadOnlyList<int>> GetUserTagIdsAsync(string openId, CancellationToken cancellationToken = default)
    {
        var answer = await PostAsync(TagIdListPath, new JsonObject { ["openid"] = RequireOpenId(openId, nameof(openId)) }, CallSafety.Idempotent, cancellationToken).ConfigureAwait(false);
        return answer.TryGetProperty("tagid_list", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(t => t.TryGetInt32(out _)).Select(t => t.GetInt32()).ToList()
            : [];
    }

    private Task BatchTagAsync(string path, int tagId, IReadOnlyCollection<string> openIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openIds);
        if (openIds.Count is 0 or > TaggingBatchMax)
        {
            throw new ArgumentException($"Tagging takes 1 to {TaggingBatchMax} openids per call, not {openIds.Count}.", nameof(openIds));
        }

        var list = new JsonArray();
        foreach (var openId in openIds)
        {
            list.Add(RequireOpenId(openId, nameof(openIds)));
        }

        // Tagging twice leaves the same state, so a lost answer may be repeated.
        return PostAsync(path, new JsonObject { ["openid_list"] = list, ["tagid"] = tagId }, CallSafety.Idempotent, cancellationToken);
    }
}
