using System.Security.Cryptography;
using System.Text;
using UnionWeChat.Functions.Storage;
using Azure.Data.Tables;
using UnionWeChat.Functions.Storage.Tables;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Who sends each announcement, in table <c>pollsends</c> (PK = poll id, RK = "open" or "results").
/// The first run to insert the row sends; the others see it and stop. A run that dies mid-send leaves a lease
/// that lapses, and a later run takes the row over with its ETag and sends again — which WeChat then
/// de-duplicates by clientmsgid, so the members still get it once.
/// </summary>
public sealed class AnnouncementLedger(AppTables tables, TimeProvider time)
{
    public const string TableName = TableRegistry.PollSends;

    public async Task<AnnouncementClaim?> TryClaimAsync(string pollId, string kind, TimeSpan lease, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var now = time.GetUtcNow();
        var owner = Guid.NewGuid().ToString("N");
        var row = new TableEntity(pollId, kind)
        {
            ["State"] = AnnouncementState.Sending.ToString(),
            ["Owner"] = owner,
            ["ClaimedAt"] = now,
            ["LeaseUntil"] = now + lease,
            ["Attempts"] = 1,
        };
        var added = await table.AddAsync(row, ct);
        if (added.Added)
        {
            return new AnnouncementClaim(pollId, kind, owner, added.ETag!, 1);
        }

        var existing = await table.GetAsync(pollId, kind, ct);
        if (existing is null || existing.GetString("State") != nameof(AnnouncementState.Sending) || existing.GetDateTimeOffset("LeaseUntil") > now)
        {
            return null;
        }
        var attempts = (existing.GetInt32("Attempts") ?? 1) + 1;
        var takeOver = new TableEntity(pollId, kind) { ["Owner"] = owner, ["LeaseUntil"] = now + lease, ["Attempts"] = attempts };
        var taken = await table.UpdateAsync(takeOver, existing.ETagText()!, TableUpdateMode.Merge, ct);
        return taken.Succeeded ? new AnnouncementClaim(pollId, kind, owner, taken.ETag!, attempts) : null;
    }

    public Task CompleteAsync(AnnouncementClaim claim, int recipients, string detail, CancellationToken ct) =>
        FinishAsync(claim, AnnouncementState.Sent, recipients, detail, ct);

    public Task FailAsync(AnnouncementClaim claim, string detail, CancellationToken ct) =>
        FinishAsync(claim, AnnouncementState.Failed, null, detail, ct);

    /// <summary>Lets the next timer run try again at once (a transient failure).</summary>
    public async Task ReleaseAsync(AnnouncementClaim claim, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        await table.UpdateAsync(new TableEntity(claim.PollId, claim.Kind) { ["LeaseUntil"] = time.GetUtcNow() }, claim.ETag, TableUpdateMode.Merge, ct);
    }

    public async Task<AnnouncementRecord?> GetAsync(string pollId, string kind, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var e = await table.GetAsync(pollId, kind, ct);
        return e is null
            ? null
            : new AnnouncementRecord(kind, Enum.Parse<AnnouncementState>(e.GetString("State")!), e.GetDateTimeOffset("ClaimedAt"),
                e.GetDateTimeOffset("FinishedAt"), e.GetInt32("Recipients"), e.GetString("Detail"), e.GetInt32("Attempts") ?? 1);
    }

    /// <summary>
    /// Claims one recipient of a per-member announcement (template messages): true the first time only. Rows are
    /// spread over 16 partitions by a hash of the openid, which is stored only as that hash.
    /// </summary>
    public async Task<bool> TryClaimRecipientAsync(string pollId, string kind, string openId, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var (pk, rk) = RecipientKeys(pollId, kind, openId);
        var row = new TableEntity(pk, rk) { ["At"] = time.GetUtcNow() };
        return (await table.AddAsync(row, ct)).Added;
    }

    /// <summary>Undoes a recipient claim whose send failed for now, so the next run tries them again.</summary>
    public async Task ForgetRecipientAsync(string pollId, string kind, string openId, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var (pk, rk) = RecipientKeys(pollId, kind, openId);
        await table.DeleteAsync(pk, rk, "*", ct);
    }

    private static (string PartitionKey, string RowKey) RecipientKeys(string pollId, string kind, string openId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(pollId + "|" + openId));
        return ($"{pollId}-{kind}-{hash[0] % 16:D2}", Convert.ToHexStringLower(hash, 0, 16));
    }

    private async Task FinishAsync(AnnouncementClaim claim, AnnouncementState state, int? recipients, string detail, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var done = new TableEntity(claim.PollId, claim.Kind)
        {
            ["State"] = state.ToString(),
            ["FinishedAt"] = time.GetUtcNow(),
            ["Recipients"] = recipients,
            ["Detail"] = detail,
        };
        // Our claim's ETag: if a later run took the row over, its outcome stands rather than ours.
        await table.UpdateAsync(done, claim.ETag, TableUpdateMode.Merge, ct);
    }
}

public enum AnnouncementState
{
    Sending,
    Sent,
    Failed,
}

/// <summary>A run's hold on one announcement (its ETag proves the hold).</summary>
public sealed record AnnouncementClaim(string PollId, string Kind, string Owner, string ETag, int Attempt);

/// <summary>How an announcement went, for staff.</summary>
public sealed record AnnouncementRecord(
    string Kind, AnnouncementState State, DateTimeOffset? ClaimedAt, DateTimeOffset? FinishedAt, int? Recipients, string? Detail, int Attempts);
