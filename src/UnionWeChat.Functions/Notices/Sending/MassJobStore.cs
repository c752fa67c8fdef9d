using System.Globalization;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// Mass-send jobs, table <c>noticejobs</c>: PK = notice id, RK = WeChat's msg_id (and <c>~lease</c>, the lease that
/// keeps mass sending of one notice on one instance); PK <c>msg</c>, RK = msg_id indexes a job back to its notice for
/// the MASSSENDJOBFINISH event.
/// </summary>
public sealed class MassJobStore(AppTables tables, TimeProvider time)
{
    public const string TableName = TableRegistry.NoticeJobs;
    private const string LeaseRow = "~lease";
    private const string IndexPartition = "msg";

    /// <summary>Takes (or renews) the notice's mass-send lease; false while another owner holds it.</summary>
    public async Task<bool> TryLeaseAsync(string noticeId, string owner, TimeSpan duration, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var now = time.GetUtcNow();
        var lease = new TableEntity(noticeId, LeaseRow) { ["Owner"] = owner, ["Until"] = now + duration };
        var current = await table.GetAsync(noticeId, LeaseRow, ct);
        if (current is null)
        {
            return (await table.AddAsync(lease, ct)).Added;
        }
        if (current.GetString("Owner") != owner && current.GetDateTimeOffset("Until") > now)
        {
            return false;
        }
        return (await table.UpdateAsync(lease, current.ETagText()!, TableUpdateMode.Replace, ct)).Succeeded;
    }

    public async Task ReleaseLeaseAsync(string noticeId, string owner, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        if (await table.GetAsync(noticeId, LeaseRow, ct) is { } current && current.GetString("Owner") == owner)
        {
            await table.DeleteAsync(noticeId, LeaseRow, current.ETagText()!, ct);
        }
    }

    public async Task RecordSubmittedAsync(string noticeId, long msgId, int recipients, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var key = Key(msgId);
        await table.UpsertAsync(new TableEntity(IndexPartition, key) { ["NoticeId"] = noticeId }, TableUpdateMode.Merge, ct);
        var job = new TableEntity(noticeId, key) { ["Recipients"] = recipients, ["SubmittedAt"] = time.GetUtcNow() };
        // WeChat may report the job before this row is written: the report waits in the index row.
        if (await table.GetAsync(IndexPartition, key, ct) is { } index && index.ContainsKey("SentCount"))
        {
            CopyFigures(index, job);
        }
        await table.UpsertAsync(job, TableUpdateMode.Merge, ct);
    }

    /// <summary>Stores WeChat's figures for a finished job; false when the job is not (yet) known as one of ours.</summary>
    public async Task<bool> RecordFinishedAsync(MassSendJobFinishEvent report, CancellationToken ct)
    {
        if (!long.TryParse(report.MsgId, NumberStyles.None, CultureInfo.InvariantCulture, out var msgId))
        {
            return false;
        }
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var figures = new TableEntity(IndexPartition, Key(msgId))
        {
            ["Status"] = report.Status.Length <= 64 ? report.Status : report.Status[..64],
            ["TotalCount"] = report.TotalCount,
            ["FilterCount"] = report.FilterCount,
            ["SentCount"] = report.SentCount,
            ["ErrorCount"] = report.ErrorCount,
        };
        await table.UpsertAsync(figures, TableUpdateMode.Merge, ct);
        var index = await table.GetAsync(IndexPartition, Key(msgId), ct);
        if (index?.GetString("NoticeId") is not { } noticeId)
        {
            return false;
        }
        var job = new TableEntity(noticeId, Key(msgId));
        CopyFigures(figures, job);
        await table.UpsertAsync(job, TableUpdateMode.Merge, ct);
        return true;
    }

    private static void CopyFigures(TableEntity from, TableEntity to)
    {
        foreach (var name in new[] { "Status", "TotalCount", "FilterCount", "SentCount", "ErrorCount" })
        {
            to[name] = from[name];
        }
    }

    public async Task<IReadOnlyList<MassJob>> ListAsync(string noticeId, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var jobs = new List<MassJob>();
        await foreach (var e in table.QueryAsync(TableFilter.PartitionKeyEquals(noticeId), ct: ct))
        {
            if (e.RowKey != LeaseRow && long.TryParse(e.RowKey, NumberStyles.None, CultureInfo.InvariantCulture, out var msgId))
            {
                jobs.Add(new MassJob(msgId, e.GetInt32("Recipients") ?? 0, e.GetDateTimeOffset("SubmittedAt") ?? DateTimeOffset.MinValue,
                    e.GetString("Status"), e.GetInt32("TotalCount"), e.GetInt32("FilterCount"), e.GetInt32("SentCount"), e.GetInt32("ErrorCount")));
            }
        }
        return jobs;
    }

    private static string Key(long msgId) => msgId.ToString("D20", CultureInfo.InvariantCulture);
}
