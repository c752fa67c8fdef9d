using System.Runtime.CompilerServices;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Members;

/// <summary>
/// Follower tags as WeChat holds them: WeChat is the record (staff also tag in the official-account console), so
/// nothing is copied into our tables and every answer is read from WeChat when it is needed.
/// A singleton: each call takes a fresh <see cref="WeChatApiClient"/> from a scope, because the typed client's
/// HttpClient is recycled by the factory and must not be held for the app's lifetime.
/// </summary>
public sealed class FollowerTags(IServiceScopeFactory scopes)
{
    // WeChat: an openid that is not a follower of this account.
    public const int UnknownOpenId = 40003;

    // WeChat: a follower carries at most 20 tags.
    public const int MaxTagsPerFollower = 20;

    /// <summary>Every tag of the account with its follower count.</summary>
    public async Task<IReadOnlyList<UserTag>> ListAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await Api(scope).GetTagsAsync(ct);
    }

    /// <summary>The tags named (exact names), and the names WeChat does not know.</summary>
    public async Task<(IReadOnlyList<UserTag> Found, IReadOnlyList<string> Unknown)> FindAsync(IEnumerable<string> names, CancellationToken ct)
    {
        var byName = (await ListAsync(ct)).GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var found = new List<UserTag>();
        var unknown = new List<string>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (byName.TryGetValue(name, out var tag))
            {
                found.Add(tag);
            }
            else
            {
                unknown.Add(name);
            }
        }
        return (found, unknown);
    }

    /// <summary>The followers carrying a tag, paged from WeChat by next_openid.</summary>
    public async IAsyncEnumerable<string> FollowersOfAsync(int tagId, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await foreach (var openId in Api(scope).ListTagFollowersAsync(tagId, ct))
        {
            yield return openId;
        }
    }

    /// <summary>The names of a follower's tags; null when WeChat does not know the openid (40003).</summary>
    public async Task<IReadOnlyList<string>?> TagsOfAsync(string openId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var api = Api(scope);
        if (await TagIdsOfAsync(api, openId, ct) is not { } ids)
        {
            return null;
        }
        var names = (await api.GetTagsAsync(ct)).ToDictionary(t => t.Id, t => t.Name);
        return ids.Where(names.ContainsKey).Select(id => names[id]).ToList();
    }

    /// <summary>
    /// Makes a follower carry exactly <paramref name="names"/>: the difference is written to WeChat (tag what is new,
    /// untag what is gone). Nothing is written when a name is unknown or WeChat does not know the follower.
    /// </summary>
    public async Task<TagChange> SetAsync(string openId, IReadOnlyCollection<string> names, CancellationToken ct)
    {
        var (found, unknown) = await FindAsync(names, ct);
        if (unknown.Count > 0)
        {
            return TagChange.UnknownTags(unknown);
        }
        if (found.Count > MaxTagsPerFollower)
        {
            return TagChange.TooMany;
        }
        await using var scope = scopes.CreateAsyncScope();
        var api = Api(scope);
        if (await TagIdsOfAsync(api, openId, ct) is not { } current)
        {
            return TagChange.UnknownFollower;
        }
        var wanted = found.Select(t => t.Id).ToHashSet();
        // Untag first, so a follower near the 20-tag limit can swap tags.
        foreach (var id in current.Where(id => !wanted.Contains(id)))
        {
            await api.UntagUsersAsync(id, [openId], ct);
        }
        foreach (var id in wanted.Where(id => !current.Contains(id)))
        {
            await api.TagUsersAsync(id, [openId], ct);
        }
        return TagChange.Done(found.Select(t => t.Name).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Puts the tag named <paramref name="name"/> on followers, 50 per WeChat call. The openids are checked with WeChat
    /// first (user/info/batchget), so an unknown one changes nothing rather than leaving half the list tagged.
    /// </summary>
    public async Task<TagAllOutcome> TagAsync(string name, IReadOnlyCollection<string> openIds, CancellationToken ct)
    {
        if ((await FindAsync([name], ct)).Found is not [var tag])
        {
            return TagAllOutcome.UnknownTag;
        }
        await using var scope = scopes.CreateAsyncScope();
        var api = Api(scope);
        var distinct = openIds.Distinct(StringComparer.Ordinal).ToList();
        foreach (var chunk in distinct.Chunk(WeChatApiClient.UserInfoBatchMax))
        {
            try
            {
                if ((await api.GetUserInfosAsync(chunk, cancellationToken: ct)).Any(u => !u.Subscribed))
                {
                    return TagAllOutcome.UnknownFollower;
                }
            }
            catch (WeChatApiException ex) when (ex.ErrCode == UnknownOpenId)
            {
                return TagAllOutcome.UnknownFollower;
            }
        }
        await api.TagAllAsync(tag.Id, distinct, ct);
        return TagAllOutcome.Done;
    }

    // A follower's tag ids; null when WeChat does not know the openid as a follower (40003).
    private static async Task<IReadOnlyList<int>?> TagIdsOfAsync(WeChatApiClient api, string openId, CancellationToken ct)
    {
        try
        {
            return await api.GetUserTagIdsAsync(openId, ct);
        }
        catch (WeChatApiException ex) when (ex.ErrCode == UnknownOpenId)
        {
            return null;
        }
    }

    private static WeChatApiClient Api(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<WeChatApiClient>();
}
