using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// Daily send quotas shared by all instances, in table <c>noticequota</c> (PK "q", RK <c>{api}-{yyyyMMdd}</c>,
/// Beijing days as WeChat counts them). Senders reserve a block at a time with the row's ETag and give back what
/// they did not use. After WeChat answers 45009 the day is marked used up: nothing more is sent on that API until
/// the next day's row, the next window.
/// </summary>
public sealed partial class SendQuota(AppTables tables, NoticeOptions options, TimeProvider time, ILogger<SendQuota> logger)
{
    public const string TableName = TableRegistry.NoticeQuota;
    private const string Partition = "q";

    public int LimitOf(SendApi api) => api switch
    {
        SendApi.Template => options.TemplateDailyQuota,
        SendApi.Custom => options.CustomDailyQuota,
        _ => options.MassDailyCalls,
    };

    /// <summary>A pool for one run: reserves from the shared row in blocks so most sends touch no storage.</summary>
    public QuotaPool OpenPool(SendApi api, int block) => new(this, api, block);

    /// <summary>Today's use: calls reserved, the limit, and whether WeChat has said the quota is gone.</summary>
    public async Task<QuotaStatus> StatusAsync(SendApi api, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var table = await tables.OpenAsync(TableName, ct);
        var e = await table.GetAsync(Partition, RowKey(api, NoticeKeys.QuotaDay(now)), ct);
        return new QuotaStatus(e?.GetInt32("Used") ?? 0, LimitOf(api), e?.GetBoolean("Exhausted") ?? false, NoticeKeys.NextQuotaWindow(now));
    }

    /// <summary>Reserves up to <paramref name="wanted"/> calls for today; returns how many were granted and the day.</summary>
    internal async Task<(int Granted, string Day)> ReserveAsync(SendApi api, int wanted, CancellationToken ct)
    {
        var day = NoticeKeys.QuotaDay(time.GetUtcNow());
        var limit = LimitOf(api);
        var granted = await UpdateAsync(api, day, (used, exhausted) =>
        {
            var grant = exhausted ? 0 : Math.Clamp(limit - used, 0, wanted);
            return (used + grant, grant);
        }, ct);
        return (granted, day);
    }

    /// <summary>Gives back what a run reserved and did not use. Best effort: a failure leaves the day's count a little high.</summary>
    internal async Task ReturnUnusedAsync(SendApi api, string day, int unused)
    {
        if (unused <= 0)
        {
            return;
        }
        try
        {
            await UpdateAsync(api, day, (used, _) => (Math.Max(0, used - unused), 0), CancellationToken.None);
        }
        catch (TableStorageException ex)
        {
            LogReturnFailed(ex, api, unused);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not give back {Unused} unused {Api} sends to today's quota")]
    private partial void LogReturnFailed(Exception exception, SendApi api, int unused);

    /// <summary>WeChat answered 45009: no more sends on <paramref name="api"/> until the next Beijing day.</summary>
    public async Task MarkExhaustedAsync(SendApi api, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var day = NoticeKeys.QuotaDay(time.GetUtcNow());
        await table.UpsertAsync(new TableEntity(Partition, RowKey(api, day)) { ["Exhausted"] = true }, TableUpdateMode.Merge, ct);
    }

    private async Task<int> UpdateAsync(SendApi api, string day, Func<int, bool, (int Used, int Result)> change, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var key = RowKey(api, day);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var e = await table.GetAsync(Partition, key, ct);
            var (used, result) = change(e?.GetInt32("Used") ?? 0, e?.GetBoolean("Exhausted") ?? false);
            var next = new TableEntity(Partition, key) { ["Used"] = used, ["Exhausted"] = e?.GetBoolean("Exhausted") ?? false };
            if (e is null)
            {
                if ((await table.AddAsync(next, ct)).Added)
                {
                    return result;
                }
            }
            else if ((await table.UpdateAsync(next, e.ETagText()!, TableUpdateMode.Replace, ct)).Succeeded)
            {
                return result;
            }
            // Another sender changed the row first: spread the retries so several instances do not collide again.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + attempt * 5)), ct);
        }
        throw new TableStorageException($"The {api} quota row kept changing under 50 attempts to update it.");
    }

    private static string RowKey(SendApi api, string day) => $"{api}-{day}";
}

/// <summary>A day's quota as last recorded.</summary>
public sealed record QuotaStatus(int Used, int Limit, bool Exhausted, DateTimeOffset NextWindow)
{
    public int Left => Exhausted ? 0 : Math.Max(0, Limit - Used);
}
