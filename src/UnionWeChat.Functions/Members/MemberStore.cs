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
public sealed class MemberStore(AppTables tables, MemberRows rows, TimeProvider time)
{
    public const string TableName = TableRegistry.Members;

    public async Task<Member?> GetAsync(string openId, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var e = await table.GetAsync(openId, openId, ct);
        return IsProfile(e) ? FromEntity(e!) : null;
    }

    /// <summary>
    /// The member as read at most <see cref="MemberRows.CacheFor"/> ago on this instance, for checks that can live
    /// with that (the vote page's audience check: the ballot page's read serves the ballot's POST, which then costs
    /// its one write only). Never for a write decided on the copy.
    /// </summary>
    public async Task<Member?> GetRecentAsync(string openId, CancellationToken ct)
    {
        var row = await rows.ReadAsync(openId, fresh: false, ct);
        return IsProfile(row) ? FromEntity(row!) : null;
    }

    /// <summary>
    /// Whether a row holds a profile: a row can also exist with only what Conversation keeps for a worker never seen
    /// as a member (the record of an event push, a rating dialog started by staff).
    /// </summary>
    public static bool IsProfile(TableEntity? row) => row is not null && row.ContainsKey("Following");

    /// <summary>Follow or re-follow: a fresh profile, whatever was there before.</summary>
    public async Task<Member> FollowAsync(string openId, string? scene, CancellationToken ct)
    {
        var member = NewFollower(openId, scene, time.GetUtcNow());
        var table = await tables.OpenForReplyAsync(TableName, ct);
        await table.UpsertAsync(ToEntity(member), TableUpdateMode.Replace, ct);
        rows.Forget(openId);
        return member;
    }

    /// <summary>Unfollow: keeps only the openid and when they left (their cases stay, filed under a pseudonym).</summary>
    public async Task UnfollowAsync(string openId, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        await table.UpsertAsync(ToEntity(Unfollowed(openId, time.GetUtcNow())), TableUpdateMode.Replace, ct);
        rows.Forget(openId);
    }

    /// <summary>Records that the member wrote or tapped, which reopens the customer-service window (outside a push: pushes record it in their own write).</summary>
    public Task RecordInteractionAsync(string openId, InteractionKind kind, CancellationToken ct) =>
        WriteInteractionAsync(openId, kind, time.GetUtcNow(), ct);

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
        rows.Forget(openId);
    }

    /// <summary>Counts one more custom message sent inside the current window (ETag, so two senders both count).</summary>
    public Task CountCustomSentAsync(string openId, CancellationToken ct) =>
        MergeIfUnchangedAsync(openId, e => e is null ? null
            : new TableEntity(openId, openId) { ["CustomSentSinceInteraction"] = (e.GetInt32("CustomSentSinceInteraction") ?? 0) + 1 }, ct);

    /// <summary>
    /// Reads the row, merges what <paramref name="change"/> makes of it (nothing when it returns null) if the row is
    /// still as read, and reads again after a lost race: a change made from the row's own values is never lost.
    /// </summary>
    private async Task MergeIfUnchangedAsync(string openId, Func<TableEntity?, TableEntity?> change, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var e = await table.GetAsync(openId, openId, ct);
            if (change(e) is not { } update)
            {
                return;
            }
            var result = await table.UpdateAsync(update, e!.ETagText()!, TableUpdateMode.Merge, ct);
            rows.Forget(openId);
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
            rows.Forget(member.OpenId);
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
        rows.Forget(openId);
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
        rows.Forget(openId);
    }

    /// <summary>
    /// Copies a registration decided by Membership onto the profile (a merge; null takes it off), so audience checks on
    /// the reply path need no other read. Only a following member's row is touched: a re-follow restores it anyway.
    /// </summary>
    public Task SetRegistrationAsync(string openId, MemberRegistration? registration, CancellationToken ct) =>
        MergeIfUnchangedAsync(openId, e => !IsProfile(e) || e!.GetBoolean("Following") != true ? null
            // Empty strings, not removed columns: a merge cannot remove one, and FromEntity reads "" as none.
            : new TableEntity(openId, openId)
            {
                ["Registered"] = registration is not null,
                ["MemberNumber"] = registration?.Number ?? "",
                ["MemberUnion"] = registration?.Union ?? "",
                ["RegisteredAt"] = registration?.Since ?? DateTimeOffset.UnixEpoch,
            }, ct);

    /// <summary>Records the worker's latest membership application (a merge), as the chat does in its own write.</summary>
    public async Task SetJoinApplicationAsync(string openId, string applicationId, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        await table.UpsertAsync(new TableEntity(openId, openId) { ["JoinApplication"] = applicationId }, TableUpdateMode.Merge, ct);
        rows.Forget(openId);
    }

    public async Task SaveAsync(Member member, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        await table.UpsertAsync(ToEntity(member), TableUpdateMode.Replace, ct);
        rows.Forget(member.OpenId);
    }

    /// <summary>Everyone following now (a scan: for audience expansion in background jobs, never on a reply path).</summary>
    public async IAsyncEnumerable<Member> ListFollowingAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        // Only the profile's columns: the row also carries the worker's dialog and recent replies (see MemberRows).
        await foreach (var e in table.QueryAsync(TableFilter.Create($"Following eq {true}"), Columns, ct: ct))
        {
            yield return FromEntity(e);
        }
    }

    /// <summary>A follower's fresh profile (follow or re-follow): whatever was there before is gone.</summary>
    public static Member NewFollower(string openId, string? scene, DateTimeOffset now) => new()
    {
        OpenId = openId,
        Following = true,
        FollowedAt = now,
        Scene = scene,
        LastInteractionAt = now,
        LastInteractionKind = InteractionKind.Follow,
    };

    /// <summary>What is kept after an unfollow: the openid and when they left (their cases stay, under a pseudonym).</summary>
    public static Member Unfollowed(string openId, DateTimeOffset now) => new() { OpenId = openId, Following = false, UnfollowedAt = now };

    /// <summary>The profile's columns, for scans that need nothing else of the row.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "PartitionKey", "RowKey", "Following", "FollowedAt", "UnfollowedAt", "Scene", "Nickname", "Registered", "MemberNumber", "MemberUnion", "RegisteredAt", "JoinApplication", "Tags", "VotedPolls", "OptedOut",
        "LastInteractionAt", "LastInteractionKind", "CustomSentSinceInteraction",
    ];

    /// <summary>Writes the profile into <paramref name="row"/>, removing profile columns the member no longer has.</summary>
    public static void WriteTo(Member member, TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(row);
        foreach (var (column, value) in ToEntity(member))
        {
            if (column is "PartitionKey" or "RowKey" or "odata.etag" or "Timestamp")
            {
                continue;
            }
            if (value is null)
            {
                row.Remove(column);
            }
            else
            {
                row[column] = value;
            }
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
        ["MemberNumber"] = m.Registration?.Number,
        ["MemberUnion"] = m.Registration?.Union,
        ["RegisteredAt"] = m.Registration?.Since,
        ["JoinApplication"] = m.JoinApplication,
        ["Tags"] = string.Join(',', m.Tags),
        ["VotedPolls"] = m.VotedPolls.Count == 0 ? null : string.Join(',', m.VotedPolls),
        ["OptedOut"] = m.OptedOut,
        ["LastInteractionAt"] = m.LastInteractionAt,
        ["LastInteractionKind"] = m.LastInteractionKind?.ToString(),
        ["CustomSentSinceInteraction"] = m.CustomSentSinceInteraction,
    };

    public static Member FromEntity(TableEntity e) => new()
    {
        OpenId = e.PartitionKey,
        Following = e.GetBoolean("Following") ?? false,
        FollowedAt = e.GetDateTimeOffset("FollowedAt"),
        UnfollowedAt = e.GetDateTimeOffset("UnfollowedAt"),
        Scene = e.GetString("Scene"),
        Nickname = e.GetString("Nickname"),
        Registered = e.GetBoolean("Registered") ?? false,
        Registration = e.GetString("MemberNumber") is { Length: > 0 } number && e.GetDateTimeOffset("RegisteredAt") is { } since
            ? new MemberRegistration(number, e.GetString("MemberUnion") ?? "", since)
            : null,
        JoinApplication = e.GetString("JoinApplication") is { Length: > 0 } application ? application : null,
        Tags = (e.GetString("Tags") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        VotedPolls = (e.GetString("VotedPolls") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        OptedOut = e.GetBoolean("OptedOut") ?? false,
        LastInteractionAt = e.GetDateTimeOffset("LastInteractionAt"),
        LastInteractionKind = Enum.TryParse<InteractionKind>(e.GetString("LastInteractionKind"), out var k) ? k : null,
        CustomSentSinceInteraction = e.GetInt32("CustomSentSinceInteraction") ?? 0,
        ETag = e.ETagText(),
    };
}
