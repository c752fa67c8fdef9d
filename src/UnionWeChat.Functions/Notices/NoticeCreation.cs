using UnionWeChat.Functions.Members;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// The one way a request becomes a notice, for the staff API and the console form alike: <see cref="NoticeRequest"/>'s
/// own checks, then what only storage and WeChat know (the poll exists, WeChat holds the tags). Nothing is stored
/// unless every check passes.
/// </summary>
public sealed class NoticeCreation(NoticeStore store, AudienceResolver audiences, FollowerTags tags, NoticeOptions options, TimeProvider time)
{
    public async Task<NoticeCreated> CreateAsync(NoticeRequest request, string createdBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = request.Validate(now, audiences.PollsAvailable);
        if (errors.Count == 0 && request.Audience?.PollId is { } pollId && !await audiences.Polls!.ExistsAsync(pollId, ct))
        {
            errors["audience.pollId"] = ["没有这个投票"];
        }
        if (errors.Count == 0 && string.Equals(request.Audience?.Kind, "tags", StringComparison.OrdinalIgnoreCase) && request.Audience?.Tags is { Count: > 0 } tagNames
            && (await tags.FindAsync(tagNames.Select(t => t.Trim()), ct)).Unknown is { Count: > 0 } unknown)
        {
            // Tags live at WeChat; a name it does not know would reach nobody.
            errors["audience.tags"] = [$"微信公众号没有这些标签：{string.Join("、", unknown)}（unknown WeChat tag: {string.Join(", ", unknown)}）"];
        }
        if (errors.Count > 0)
        {
            return new NoticeCreated(null, errors);
        }
        var notice = request.ToNotice(NoticeKeys.NewId(now), createdBy, now, options.Buckets);
        await store.CreateAsync(notice, ct);
        return new NoticeCreated(notice, errors);
    }
}

/// <summary>The notice created, or (when null) the problems per field, keyed as the API names them (<c>audience.tags</c>).</summary>
public sealed record NoticeCreated(Notice? Notice, Dictionary<string, string[]> Errors);
