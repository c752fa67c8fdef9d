using System.Text.Json;
using System.Text.Json.Nodes;

namespace UnionWeChat.WeChat.Simulator;

// Followers, user info and tags (api_getfans, api_batchuserinfo, tag APIs). Once any follower is registered,
// sends check recipients: an unknown openid is 40003, a member who unfollowed is 43004.
public sealed partial class WeChatApiStandIn
{
    private readonly Dictionary<string, Follower> _followers = new(StringComparer.Ordinal);
    private readonly List<Follower> _followerOrder = [];
    private readonly Dictionary<int, string> _tags = [];
    private int _nextTagId = 100;

    /// <summary>
    /// Raised (outside the lock) after a follower or a tag changed, with the openids whose row changed (empty when
    /// only the tag list did): for a host that keeps the followers across restarts (see <see cref="Restore"/>).
    /// </summary>
    public event EventHandler<IReadOnlyList<string>>? FollowersChanged;

    /// <summary>A follower as kept across restarts: tag ids as WeChat numbers them.</summary>
    public sealed record FollowerSnapshot(string OpenId, string Nickname, bool Following, DateTimeOffset SubscribedAt, IReadOnlyList<int> TagIds);

    /// <summary>The follower <paramref name="openId"/> as it stands, or null when the stand-in does not know it.</summary>
    public FollowerSnapshot? FollowerOf(string openId)
    {
        lock (_gate)
        {
            return _followers.TryGetValue(openId, out var f)
                ? new FollowerSnapshot(f.OpenId, f.Nickname, f.Following, f.SubscribedAt, f.TagIds.Order().ToList())
                : null;
        }
    }

    /// <summary>Every tag (id and name), by id.</summary>
    public IReadOnlyList<KeyValuePair<int, string>> Tags
    {
        get
        {
            lock (_gate)
            {
                return _tags.OrderBy(t => t.Key).ToList();
            }
        }
    }

    /// <summary>
    /// Puts back followers and tags kept from an earlier run (in the order given, which is WeChat's listing order),
    /// keeping tag ids; raises no <see cref="FollowersChanged"/>. Anything already known with the same key is replaced.
    /// </summary>
    public void Restore(IEnumerable<KeyValuePair<int, string>> tags, IEnumerable<FollowerSnapshot> followers)
    {
        lock (_gate)
        {
            foreach (var (id, name) in tags)
            {
                _tags[id] = name;
                _nextTagId = Math.Max(_nextTagId, id + 1);
            }
            foreach (var kept in followers)
            {
                if (!_followers.TryGetValue(kept.OpenId, out var follower))
                {
                    follower = new Follower(kept.OpenId) { SubscribedAt = kept.SubscribedAt };
                    _followers[kept.OpenId] = follower;
                    _followerOrder.Add(follower);
                }
                follower.Nickname = kept.Nickname;
                follower.Following = kept.Following;
                follower.TagIds.Clear();
                follower.TagIds.UnionWith(kept.TagIds.Where(_tags.ContainsKey));
            }
        }
    }

    /// <summary>Registers (or re-follows) a follower with a nickname and tags by name (created when new).</summary>
    public void AddFollower(string openId, string nickname = "", IEnumerable<string>? tags = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(openId);
        AddFollowerLocked(openId, nickname, tags);
        FollowersChanged?.Invoke(this, [openId]);
    }

    private void AddFollowerLocked(string openId, string nickname, IEnumerable<string>? tags)
    {
        lock (_gate)
        {
            if (!_followers.TryGetValue(openId, out var follower))
            {
                follower = new Follower(openId) { SubscribedAt = Time.GetUtcNow() };
                _followers[openId] = follower;
                _followerOrder.Add(follower);
            }

            follower.Nickname = nickname;
            follower.Following = true;
            foreach (var name in tags ?? [])
            {
                follower.TagIds.Add(TagIdFor(name));
            }
        }
    }

    /// <summary>Marks a follower as having unfollowed: sends to them get 43004.</summary>
    public void Unfollow(string openId)
    {
        lock (_gate)
        {
            if (!_followers.TryGetValue(openId, out var follower))
            {
                return;
            }
            follower.Following = false;
        }
        FollowersChanged?.Invoke(this, [openId]);
    }

    /// <summary>The id of the tag named <paramref name="name"/>, or null if there is none.</summary>
    public int? TagId(string name)
    {
        lock (_gate)
        {
            return _tags.Where(t => t.Value == name).Select(t => (int?)t.Key).FirstOrDefault();
        }
    }

    /// <summary>Tag ids on a follower (empty for unknown openids).</summary>
    public IReadOnlyList<int> TagIdsOf(string openId)
    {
        lock (_gate)
        {
            return _followers.TryGetValue(openId, out var follower) ? follower.TagIds.Order().ToList() : [];
        }
    }

    internal JsonObject Followers(string? nextOpenId)
    {
        lock (_gate)
        {
            var following = _followerOrder.Where(f => f.Following).ToList();
            var start = 0;
            if (!string.IsNullOrEmpty(nextOpenId))
            {
                var index = following.FindIndex(f => f.OpenId == nextOpenId);
                if (index < 0)
                {
                    return StandInReplies.Error(40003);
                }

                start = index + 1;
            }

            var page = following.Skip(start).Take(Options.FollowerPageSize).Select(f => f.OpenId).ToList();
            var reply = new JsonObject { ["total"] = following.Count, ["count"] = page.Count };
            if (page.Count > 0)
            {
                reply["data"] = new JsonObject { ["openid"] = new JsonArray(page.Select(id => (JsonNode?)id).ToArray()) };
            }

            // As WeChat: the last page still names its last openid; the call after it comes back empty.
            reply["next_openid"] = page.Count > 0 ? page[^1] : "";
            return reply;
        }
    }

    internal JsonObject UserInfoBatch(JsonElement body)
    {
        int code;
        if ((code = StandInBody.RequireArray(body, "user_list", 40032, out var list)) != 0)
        {
            return StandInReplies.Error(code);
        }

        if (list.GetArrayLength() is 0 or > 100)
        {
            return StandInReplies.Error(40032);
        }

        lock (_gate)
        {
            var infos = new JsonArray();
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || (code = StandInBody.RequireString(item, "openid", 40003, out var openId)) != 0
                    || (code = StandInBody.OptionalString(item, "lang", out _)) != 0)
                {
                    return StandInReplies.Error(code == 0 ? StandInBody.DataFormatError : code);
                }

                if (!_followers.TryGetValue(openId, out var follower))
                {
                    return StandInReplies.Error(40003);
                }

                infos.Add(follower.Following
                    ? new JsonObject
                    {
                        ["subscribe"] = 1,
                        ["openid"] = openId,
                        ["nickname"] = follower.Nickname,
                        ["language"] = "zh_CN",
                        ["subscribe_time"] = follower.SubscribedAt.ToUnixTimeSeconds(),
                        ["remark"] = "",
                        ["groupid"] = 0,
                        ["tagid_list"] = new JsonArray(follower.TagIds.Order().Select(t => (JsonNode?)t).ToArray()),
                        ["subscribe_scene"] = "ADD_SCENE_OTHERS",
                        ["qr_scene"] = 0,
                        ["qr_scene_str"] = "",
                    }
                    : new JsonObject { ["subscribe"] = 0, ["openid"] = openId });
            }

            return new JsonObject { ["user_info_list"] = infos };
        }
    }

    internal JsonObject CreateTag(JsonElement body)
    {
        int code;
        if ((code = StandInBody.RequireObject(body, "tag", StandInBody.DataFormatError, out var tag)) != 0
            || (code = StandInBody.RequireString(tag, "name", 45157, out var name)) != 0)
        {
            return StandInReplies.Error(code);
        }

        if (StandInBody.Bytes(name) > 30)
        {
            return StandInReplies.Error(45158);
        }

        JsonObject created;
        lock (_gate)
        {
            if (_tags.ContainsValue(name))
            {
                return StandInReplies.Error(45157);
            }

            if (_tags.Count >= 100)
            {
                return StandInReplies.Error(45056);
            }

            var id = TagIdFor(name);
            created = new JsonObject { ["tag"] = new JsonObject { ["id"] = id, ["name"] = name } };
        }
        FollowersChanged?.Invoke(this, []);
        return created;
    }

    internal JsonObject GetTags()
    {
        lock (_gate)
        {
            var tags = _tags.OrderBy(t => t.Key).Select(t => (JsonNode?)new JsonObject
            {
                ["id"] = t.Key,
                ["name"] = t.Value,
                ["count"] = _followerOrder.Count(f => f.TagIds.Contains(t.Key)),
            });
            return new JsonObject { ["tags"] = new JsonArray(tags.ToArray()) };
        }
    }

    internal JsonObject BatchTag(JsonElement body, bool add)
    {
        int code;
        if ((code = StandInBody.RequireArray(body, "openid_list", 40032, out var list)) != 0
            || (code = StandInBody.Strings(list, out var openIds)) != 0
            || (code = StandInBody.RequireInt(body, "tagid", 45159, out var tagId)) != 0)
        {
            return StandInReplies.Error(code);
        }

        if (openIds.Count is 0 or > 50)
        {
            return StandInReplies.Error(40032);
        }

        lock (_gate)
        {
            if (!_tags.ContainsKey((int)tagId))
            {
                return StandInReplies.Error(45159);
            }

            if (openIds.Any(id => !_followers.ContainsKey(id)))
            {
                return StandInReplies.Error(40003);
            }

            if (add && openIds.Any(id => _followers[id].TagIds.Count >= 20 && !_followers[id].TagIds.Contains((int)tagId)))
            {
                return StandInReplies.Error(45059);
            }

            foreach (var openId in openIds)
            {
                _ = add ? _followers[openId].TagIds.Add((int)tagId) : _followers[openId].TagIds.Remove((int)tagId);
            }
        }
        FollowersChanged?.Invoke(this, openIds);
        return StandInReplies.Ok();
    }

    // user/tag/get: pages of a tag's followers in the order they were registered; next_openid as user/get.
    internal JsonObject TagFollowers(JsonElement body)
    {
        int code;
        if ((code = StandInBody.RequireInt(body, "tagid", 45159, out var tagId)) != 0
            || (code = StandInBody.OptionalString(body, "next_openid", out var nextOpenId)) != 0)
        {
            return StandInReplies.Error(code);
        }

        lock (_gate)
        {
            if (!_tags.ContainsKey((int)tagId))
            {
                return StandInReplies.Error(45159);
            }

            var tagged = _followerOrder.Where(f => f.Following && f.TagIds.Contains((int)tagId)).ToList();
            var start = 0;
            if (!string.IsNullOrEmpty(nextOpenId))
            {
                var index = tagged.FindIndex(f => f.OpenId == nextOpenId);
                if (index < 0)
                {
                    return StandInReplies.Error(40003);
                }

                start = index + 1;
            }

            var page = tagged.Skip(start).Take(Options.TagFollowerPageSize).Select(f => f.OpenId).ToList();
            var reply = new JsonObject { ["count"] = page.Count };
            if (page.Count > 0)
            {
                reply["data"] = new JsonObject { ["openid"] = new JsonArray(page.Select(id => (JsonNode?)id).ToArray()) };
            }

            reply["next_openid"] = page.Count > 0 ? page[^1] : "";
            return reply;
        }
    }

    internal JsonObject TagIdList(JsonElement body)
    {
        int code;
        if ((code = StandInBody.RequireString(body, "openid", 40003, out var openId)) != 0)
        {
            return StandInReplies.Error(code);
        }

        lock (_gate)
        {
            return _followers.TryGetValue(openId, out var follower)
                ? new JsonObject { ["tagid_list"] = new JsonArray(follower.TagIds.Order().Select(t => (JsonNode?)t).ToArray()) }
                : StandInReplies.Error(40003);
        }
    }

    // Callers hold _gate.
    private int CheckRecipient(string openId)
    {
        if (_followers.Count == 0)
        {
            return 0;
        }

        if (!_followers.TryGetValue(openId, out var follower))
        {
            return 40003;
        }

        return follower.Following ? 0 : 43004;
    }

    // Callers hold _gate.
    private int TagIdFor(string name)
    {
        foreach (var (id, existing) in _tags)
        {
            if (existing == name)
            {
                return id;
            }
        }

        var created = _nextTagId++;
        _tags[created] = name;
        return created;
    }

    private sealed class Follower(string openId)
    {
        public string OpenId { get; } = openId;

        public string Nickname { get; set; } = "";

        public bool Following { get; set; } = true;

        public DateTimeOffset SubscribedAt { get; init; }

        public HashSet<int> TagIds { get; } = [];
    }
}
