using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Notices;

/// <summary>Notices in table <c>notices</c>; every change goes through <see cref="ChangeAsync"/> with the row's ETag.</summary>
public sealed class NoticeStore(AppTables tables)
{
    public const string TableName = TableRegistry.Notices;

    public async Task CreateAsync(Notice notice, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var added = await table.AddAsync(NoticeEntities.ToEntity(notice), ct);
        if (!added.Added)
        {
            throw new InvalidOperationException($"Notice {notice.Id} already exists.");
        }
    }

    /// <summary>Inserts the notice unless one with its id exists (HTTP 409); returns the one stored and whether it is new.</summary>
    public async Task<NoticeChange> CreateIfAbsentAsync(Notice notice, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var added = await table.AddAsync(NoticeEntities.ToEntity(notice), ct);
        if (added.Added)
        {
            return new NoticeChange(notice with { ETag = added.ETag }, true);
        }
        var e = await table.GetAsync(NoticeEntities.Partition, notice.Id, ct);
        return new NoticeChange(e is null ? null : NoticeEntities.FromEntity(e), false);
    }

    public async Task<Notice?> GetAsync(string id, CancellationToken ct)
    {
        if (!NoticeKeys.IsId(id))
        {
            return null;
        }
        var table = await tables.OpenAsync(TableName, ct);
        var e = await table.GetAsync(NoticeEntities.Partition, id, ct);
        return e is null ? null : NoticeEntities.FromEntity(e);
    }

    /// <summary>All notices, newest first (one partition: a few hundred a year).</summary>
    public async Task<IReadOnlyList<Notice>> ListAsync(CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var list = new List<Notice>();
        await foreach (var e in table.QueryAsync(TableFilter.PartitionKeyEquals(NoticeEntities.Partition), ct: ct))
        {
            list.Add(NoticeEntities.FromEntity(e));
        }
        // Derived ids (poll_…) do not sort by time as generated ones do.
        return list.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Notices the sender has work for: not yet sent (preflight, start) or sending.</summary>
    public async Task<IReadOnlyList<Notice>> ListActiveAsync(CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var filter = TableFilter.PartitionKeyEquals(NoticeEntities.Partition).And(
            TableFilter.Create($"Status eq {nameof(NoticeStatus.AwaitingApproval)}")
                .Or(TableFilter.Create($"Status eq {nameof(NoticeStatus.Scheduled)}"))
                .Or(TableFilter.Create($"Status eq {nameof(NoticeStatus.Sending)}")));
        var list = new List<Notice>();
        await foreach (var e in table.QueryAsync(filter, ct: ct))
        {
            list.Add(NoticeEntities.FromEntity(e));
        }
        return list;
    }

    /// <summary>Template notices sending now or finished since <paramref name="since"/>: where a delivery report can belong.</summary>
    public async Task<IReadOnlyList<Notice>> ListRecentTemplateAsync(DateTimeOffset since, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var filter = TableFilter.PartitionKeyEquals(NoticeEntities.Partition)
            .And(TableFilter.Create($"Channel eq {nameof(NoticeChannel.Template)}"))
            .And(TableFilter.Create($"Status eq {nameof(NoticeStatus.Sending)}")
                .Or(TableFilter.Create($"Status eq {nameof(NoticeStatus.Paused)}"))
                .Or(TableFilter.Create($"CompletedAt ge {since}"))
                .Or(TableFilter.Create($"ChangedAt ge {since}")));
        var list = new List<Notice>();
        await foreach (var e in table.QueryAsync(filter, ct: ct))
        {
            list.Add(NoticeEntities.FromEntity(e));
        }
        return list;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current notice and saves it if the row is unchanged since it was read,
    /// else reads again and retries. <paramref name="change"/> returns null to leave the notice as it is.
    /// </summary>
    public async Task<NoticeChange> ChangeAsync(string id, Func<Notice, Notice?> change, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var e = await table.GetAsync(NoticeEntities.Partition, id, ct);
            if (e is null)
            {
                return new NoticeChange(null, false);
            }
            var current = NoticeEntities.FromEntity(e);
            var next = change(current);
            if (next is null)
            {
                return new NoticeChange(current, false);
            }
            var result = await table.UpdateAsync(NoticeEntities.ToEntity(next), e.ETagText()!, TableUpdateMode.Replace, ct);
            if (result.Succeeded)
            {
                return new NoticeChange(next with { ETag = result.ETag }, true);
            }
            if (result.Outcome == WriteOutcome.NotFound)
            {
                return new NoticeChange(null, false);
            }
        }
        throw new TableStorageException($"Notice {id} kept changing under 20 attempts to update it.");
    }
}

/// <summary>The notice after a change (null when there is none) and whether this call changed it.</summary>
public sealed record NoticeChange(Notice? Notice, bool Changed);
