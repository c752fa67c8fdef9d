using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Members;

/// <summary>
/// Members in table <c>members</c>: PK = RK = openid — one point read per message. The row key repeats the
/// partition key rather than being a constant because Azurite finds an entity by its row key first: with one
/// shared row key every read scanned the whole table. On Azure it makes no difference.
/// </summary>
public sealed class MemberStore(AppTables tables, TimeProvider time)
{
    public const string TableName = TableRegistry.Members;

    public async Task<Member?> GetAsync(string openId, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var e = await table.GetAsync(openId, openId, ct);
        return e is null ? null : FromEntity(e);
    }

    /// <summary>Follow or re-follow: a fresh profile, whatever was there before.</summary>
    public async Task<Member> FollowAsync(string openId, string? scene, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var member = new Member
        {
            OpenId = openId,
            Following = true,
            FollowedAt = now,
            Scene = scene,
            LastInteractionAt = now,
            LastInteractionKind = InteractionKind.Follow,
        };
        var table = await tables.OpenForReplyAsync(TableName, ct);
        await table.UpsertAsync(ToEntity(member), TableUpdateMode.Replace, ct);
        return member;
    }

    /// <summary>Unfollow: keeps only the openid and when they left (their cases stay, filed under a pseudonym).</summary>
    public async Task UnfollowAsync(string openId, CancellationToken ct)
    {
        var member = new Member { OpenId = openId, Following = false, UnfollowedAt = time.GetUtcNow() };
        var table = await tables.OpenForReplyAsync(TableName, ct);
        await table.UpsertAsync(ToEntity(member), TableUpdateMode.Replace, ct);
    }

    /// <summary>
    /// A message recorded less than this long ago is not recorded again by
    /// <see cref="RecordInteractionAsync(Member?, string, InteractionKind, CancellationToken)"/>.
    /// </summary>
    public static readonly TimeSpan InteractionRefresh = TimeSpan.FromMinutes(5);

    /// <summary>Records that the member wrote or tapped, which reopens the customer-service window.</summary>
    public Task RecordInteractionAsync(string openId, InteractionKind kind, CancellationToken ct) =>
        WriteInteractionAsync(openId, kind, time.GetUtcNow(), ct);

    /// <summary>
    /// Records the interaction unless <paramref name="current"/> (the member as just read) already says as much:
    /// a following member whose last interaction was also a message, less than <see cref="InteractionRefresh"/> ago,
    /// with no custom message sent since. A dialog's burst of messages then costs one write instead of one per
    /// message; the 48-hour window it records may close up to that much early, never late. Menu taps (a 1-minute
    /// window) are always written. Returns the member as it now stands.
    /// </summary>
    public async Task<Member> RecordInteractionAsync(Member? current, string openId, InteractionKind kind, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (kind == InteractionKind.UserMessage
            && current is { Following: true, LastInteractionKind: InteractionKind.UserMessage, CustomSentSinceInteraction: 0, LastInteractionAt: { } last }
            && now >= last && now - last < InteractionRefresh)
        {
            return current;
        }
        await WriteInteractionAsync(openId, kind, now, ct);
        return (current ?? new Member { OpenId = openId }) with
        {
            Following = true,
            LastInteractionAt = now,
            LastInteractionKind = kind,
            CustomSentSinceInteraction = 0,
            ETag = null,
        };
    }

    private async Task WriteInteractionAsync(string openId, InteractionKind kind, DateTimeOffset now, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var e = new TableEntity(openId, openId)
        {
            ["Following"] = true,
            ["LastInteractionAt"] = now,
            ["LastInteractionKind"] = kind.ToString(),
            ["CustomSentSinceInteraction"] = 0,
        };
        await table.UpsertAsync(e, TableUpdateMode.Merge, ct);
    }

    /// <summary>Counts one more custom message sent inside the current window (ETag, so two senders both count).</summary>
    public async Task CountCustomSentAsync(string openId, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var e = await table.GetAsync(openId, openId, ct);
            if (e is null)
            {
                return;
            }
            var update = new TableEntity(openId, openId) { ["CustomSentSinceInteraction"] = (e.GetInt32("CustomSentSinceInteraction") ?? 0) + 1 };
            var result = await table.UpdateAsync(update, e.ETagText()!, TableUpdateMode.Merge, ct);
            if (result.Outcome != WriteOutcome.Conflict)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Takes one custom-message slot of the member's current service window, if <paramref name="window"/> says one is
    /// left: the count goes up under the row's ETag, so of two senders racing for the last slot one gets it and the
    /// other re-reads and finds none. Taken before the send and not given back on failure: the window then closes
    /// early at worst, never late. <paramref name="member"/> is the row as last read (saves a read when unchanged).
    /// </summary>
    public async Task<bool> TryTakeCustomSlotAsync(Member member, ServiceWindow window, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(window);
        var table = await tables.OpenAsync(TableName, ct);
        Member? current = member.ETag is null ? await GetAsync(member.OpenId, ct) : member;
        for (var attempt = 0; attempt < 10 && current is { ETag: { } etag }; attempt++)
        {
            if (current is not { Following: true, LastInteractionAt: { } last }
                || !window.Evaluate(last, current.LastInteractionKind ?? InteractionKind.UserMessage, current.CustomSentSinceInteraction).IsAllowed)
            {
                return false;
            }
            var update = new TableEntity(current.OpenId, current.OpenId) { ["CustomSentSinceInteraction"] = current.CustomSentSinceInteraction + 1 };
            var result = await table.UpdateAsync(update, etag, TableUpdateMode.Merge, ct);
            if (result.Outcome != WriteOutcome.Conflict)
            {
                return result.Succeeded;
            }
            current = await GetAsync(member.OpenId, ct);
        }
        return false;
    }

    /// <summary>退订 / 订阅: changes only the opt-out flag (a merge, so a concurrent change to the profile is kept).</summary>
    public async Task SetOptedOutAsync(string openId, bool optedOut, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        await table.UpsertAsync(new TableEntity(openId, openId) { ["OptedOut"] = optedOut }, TableUpdateMode.Merge, ct);
    }

    /// <summary>
    /// Records the follower's WeChat tags on the profile (a merge), so a check on the reply path (may this member
    /// vote in a poll for a tag?) needs no call to WeChat. WeChat stays the record; this is a copy taken when an
    /// audience is read from it.
    /// </summary>
    public async Task SetTagsAsync(string openId, IReadOnlyCollection<string> tags, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        await table.UpsertAsync(new TableEntity(openId, openId) { ["Tags"] = string.Join(',', tags) }, TableUpdateMode.Merge, ct);
    }

    public async Task SaveAsync(Member member, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        await table.UpsertAsync(ToEntity(member), TableUpdateMode.Replace, ct);
    }

    /// <summary>Everyone following now (a scan: for audience expansion in background jobs, never on a reply path).</summary>
    public async IAsyncEnumerable<Member> ListFollowingAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        await foreach (var e in table.QueryAsync(TableFilter.Create($"Following eq {true}"), ct: ct))
        {
            yield return FromEntity(e);
        }
    }

    private static TableEntity ToEntity(Member m) => new(m.OpenId, m.OpenId)
    {
        ["Following"] = m.Following,
        ["FollowedAt"] = m.FollowedAt,
        ["UnfollowedAt"] = m.UnfollowedAt,
        ["Scene"] = m.Scene,
        ["Nickname"] = m.Nickname,
        ["Registered"] = m.Registered,
        ["Tags"] = string.Join(',', m.Tags),
        ["OptedOut"] = m.OptedOut,
        ["LastInteractionAt"] = m.LastInteractionAt,
        ["LastInteractionKind"] = m.LastInteractionKind?.ToString(),
        ["CustomSentSinceInteraction"] = m.CustomSentSinceInteraction,
    };

    private static Member FromEntity(TableEntity e) => new()
    {
        OpenId = e.PartitionKey,
        Following = e.GetBoolean("Following") ?? false,
        FollowedAt = e.GetDateTimeOffset("FollowedAt"),
        UnfollowedAt = e.GetDateTimeOffset("UnfollowedAt"),
        Scene = e.GetString("Scene"),
        Nickname = e.GetString("Nickname"),
        Registered = e.GetBoolean("Registered") ?? false,
        Tags = (e.GetString("Tags") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        OptedOut = e.GetBoolean("OptedOut") ?? false,
        LastInteractionAt = e.GetDateTimeOffset("LastInteractionAt"),
        LastInteractionKind = Enum.TryParse<InteractionKind>(e.GetString("LastInteractionKind"), out var k) ? k : null,
        CustomSentSinceInteraction = e.GetInt32("CustomSentSinceInteraction") ?? 0,
        ETag = e.ETagText(),
    };
}
