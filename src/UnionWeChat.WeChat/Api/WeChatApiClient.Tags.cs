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
