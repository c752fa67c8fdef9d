using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Platform.WeChatApi;

/// <summary>
/// The access token every instance shares, in table <c>wechattoken</c> (one partition): the token, the refresh
/// lease (so one instance fetches while the others wait), and the force-refresh count (WeChat allows 20 a day,
/// 30 s apart). Races are settled by insert-if-absent and ETags, never by read-then-write.
/// </summary>
public sealed class TableTokenStore(AppTables tables, TimeProvider time) : IAccessTokenStore, IForceRefreshLedger
{
    public const string TableName = TableRegistry.WeChatToken;
    private const string Partition = "token";
    private static readonly TimeSpan ForceRefreshSpacing = TimeSpan.FromSeconds(30);
    private const int ForceRefreshesPerDay = 20;

    public async Task<CachedToken?> GetAsync(CancellationToken cancellationToken)
    {
        var table = await tables.OpenAsync(TableName, cancellationToken);
        var e = await table.GetAsync(Partition, "current", cancellationToken);
        return e?.GetString("Value") is { } value
            ? new CachedToken(value, e.GetDateTimeOffset("ExpiresAt")!.Value, e.GetDateTimeOffset("FetchedAt")!.Value)
            : null;
    }

    public async Task SaveAsync(CachedToken token, CancellationToken cancellationToken)
    {
        var table = await tables.OpenAsync(TableName, cancellationToken);
        await table.UpsertAsync(new TableEntity(Partition, "current")
        {
            ["Value"] = token.Value,
            ["ExpiresAt"] = token.ExpiresAt,
            ["FetchedAt"] = token.FetchedAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> TryAcquireRefreshLeaseAsync(string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var table = await tables.OpenAsync(TableName, cancellationToken);
        var now = time.GetUtcNow();
        var lease = new TableEntity(Partition, "lease") { ["Owner"] = owner, ["Until"] = now + duration };
        var current = await table.GetAsync(Partition, "lease", cancellationToken);
        if (current is null)
        {
            return (await table.AddAsync(lease, cancellationToken)).Added;
        }
        var heldByOther = current.GetString("Owner") != owner && current.GetDateTimeOffset("Until") > now;
        if (heldByOther)
        {
            return false;
        }
        var taken = await table.UpdateAsync(lease, current.ETagText()!, TableUpdateMode.Replace, cancellationToken);
        return taken.Outcome == WriteOutcome.Succeeded;
    }

    public async Task ReleaseRefreshLeaseAsync(string owner, CancellationToken cancellationToken)
    {
        var table = await tables.OpenAsync(TableName, cancellationToken);
        var current = await table.GetAsync(Partition, "lease", cancellationToken);
        if (current is not null && current.GetString("Owner") == owner)
        {
            await table.DeleteAsync(Partition, "lease", current.ETagText()!, cancellationToken);
        }
    }

    public async Task<bool> TryRecordForceRefreshAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await tables.OpenAsync(TableName, cancellationToken);
        var day = ChinaTime.Day(at);
        var current = await table.GetAsync(Partition, "force", cancellationToken);
        var sameDay = current?.GetString("Day") == day;
        var count = sameDay ? current!.GetInt32("Count") ?? 0 : 0;
        if (count >= ForceRefreshesPerDay || (current?.GetDateTimeOffset("LastAt") is { } last && at - last < ForceRefreshSpacing))
        {
            return false;
        }
        var next = new TableEntity(Partition, "force") { ["Day"] = day, ["Count"] = count + 1, ["LastAt"] = at };
        return current is null
            ? (await table.AddAsync(next, cancellationToken)).Added
            : (await table.UpdateAsync(next, current.ETagText()!, TableUpdateMode.Replace, cancellationToken)).Outcome == WriteOutcome.Succeeded;
    }
}
