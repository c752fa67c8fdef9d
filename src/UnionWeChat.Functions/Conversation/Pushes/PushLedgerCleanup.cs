using Azure.Data.Tables;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// Timer job: removes expired push records (and so the replies they hold) from the rows of workers who have not
/// written since. A worker who writes again drops them in that message's own write (<see cref="PushRecords"/>).
/// </summary>
public sealed partial class PushLedgerCleanup(AppTables tables, MemberRows rows, TimeProvider time, ILogger<PushLedgerCleanup> logger) : ITimerJob
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var table = await tables.OpenAsync(MemberRows.TableName, cancellationToken);
        var now = time.GetUtcNow();
        var cleared = 0;
        await foreach (var row in table.QueryAsync(TableFilter.Create($"PushesExpireAt lt {now}"), ct: cancellationToken))
        {
            var cleaned = new TableEntity(row);
            PushRecords.Write(cleaned, PushRecords.Read(row), null, now);
            // With the row's ETag: a worker writing at this moment wins, and their write drops the records itself.
            if ((await table.UpdateAsync(cleaned, row.ETagText()!, TableUpdateMode.Replace, cancellationToken)).Succeeded)
            {
                cleared++;
            }
            rows.Forget(row.PartitionKey);
        }
        LogCleared(cleared);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleared expired push records from {Count} member rows")]
    private partial void LogCleared(int count);
}
