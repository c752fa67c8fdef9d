using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Staff;

namespace UnionWeChat.Functions.Followers;

/// <summary>
/// <c>/api/staff/tags</c> and <c>/api/staff/followers/{openId}/tags</c>: follower tags as WeChat holds them. Viewers
/// read; writes need the Write policy and go straight through to WeChat (batchtagging/batchuntagging).
/// </summary>
public static class TagEndpoints
{
    /// <summary>The most openids one request may tag (as many as a notice may list).</summary>
    public const int MaxOpenIds = 1000;

    public static IEndpointRouteBuilder MapTagEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/staff").RequireAuthorization(StaffPolicies.Read);
        read.MapGet("/tags", ListAsync);
        read.MapGet("/followers/{openId}/tags", GetFollowerTagsAsync);

        var write = app.MapGroup("/api/staff").RequireAuthorization(StaffPolicies.Write);
        write.MapPut("/followers/{openId}/tags", SetFollowerTagsAsync);
        write.MapPost("/tags/{name}/followers", TagFollowersAsync);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<TagView>>> ListAsync(FollowerTags tags, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<TagView>>((await tags.ListAsync(ct)).Select(t => new TagView(t.Name, t.Count)).ToList());

    public static async Task<Results<Ok<FollowerTagsView>, NotFound<ProblemDetails>>> GetFollowerTagsAsync(string openId, FollowerTags tags, CancellationToken ct)
    {
        if (!Member.IsOpenId(openId) || await tags.TagsOfAsync(openId, ct) is not { } names)
        {
            return NoSuchFollower();
        }
        return TypedResults.Ok(new FollowerTagsView(openId, names));
    }

    public static async Task<Results<Ok<FollowerTagsView>, NotFound<ProblemDetails>, ValidationProblem>> SetFollowerTagsAsync(
        string openId, SetTagsRequest request, FollowerTags tags, CancellationToken ct)
    {
        if (!Member.IsOpenId(openId))
        {
            return NoSuchFollower();
        }
        if (request.Tags is not { } names || names.Any(string.IsNullOrWhiteSpace))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tags"] = ["必填：标签名称列表（可为空列表，表示去掉全部标签）"] });
        }
        var change = await tags.SetAsync(openId, names.Select(n => n.Trim()).ToList(), ct);
        return change.Outcome switch
        {
            TagChangeOutcome.Done => TypedResults.Ok(new FollowerTagsView(openId, change.Tags)),
            TagChangeOutcome.UnknownFollower => NoSuchFollower(),
            TagChangeOutcome.UnknownTags => UnknownTags(change.Tags),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tags"] = [$"每位关注者最多 {FollowerTags.MaxTagsPerFollower} 个标签（WeChat allows at most 20 tags per follower）"] }),
        };
    }

    public static async Task<Results<Ok<TaggedView>, NotFound<ProblemDetails>, ValidationProblem>> TagFollowersAsync(
        string name, TagFollowersRequest request, FollowerTags tags, CancellationToken ct)
    {
        if (request.OpenIds is not { Count: > 0 and <= MaxOpenIds } openIds || !openIds.All(Member.IsOpenId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["openIds"] = [$"需要 1 到 {MaxOpenIds} 个有效的 openid"] });
        }
        return await tags.TagAsync(name, openIds, ct) switch
        {
            TagAllOutcome.Done => TypedResults.Ok(new TaggedView(name, openIds.Distinct(StringComparer.Ordinal).Count())),
            TagAllOutcome.UnknownTag => UnknownTags([name]),
            _ => NoSuchFollower(),
        };
    }

    private static NotFound<ProblemDetails> NoSuchFollower() => TypedResults.NotFound(new ProblemDetails
    {
        Title = "没有这位关注者",
        Detail = "微信不认识这个 openid，或对方不是本公众号的关注者，未做任何修改（unknown follower: nothing was changed）",
        Status = StatusCodes.Status404NotFound,
    });

    private static ValidationProblem UnknownTags(IReadOnlyList<string> names) => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["tags"] = [$"微信公众号没有这些标签：{string.Join("、", names)}，未做任何修改（unknown WeChat tag: {string.Join(", ", names)}; nothing was changed）"],
    });
}

/// <summary>A tag as staff see it.</summary>
public sealed record TagView(string Name, int Count);

/// <summary>A follower's tags by name.</summary>
public sealed record FollowerTagsView(string OpenId, IReadOnlyList<string> Tags);

/// <summary>How many followers a tag was put on.</summary>
public sealed record TaggedView(string Tag, int Tagged);

/// <summary>The body of <c>PUT /api/staff/followers/{openId}/tags</c>: the follower's tags, all of them.</summary>
public sealed record SetTagsRequest(IReadOnlyList<string>? Tags);

/// <summary>The body of <c>POST /api/staff/tags/{name}/followers</c>.</summary>
public sealed record TagFollowersRequest(IReadOnlyList<string>? OpenIds);
