using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.Functions.Platform.Web;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Anomaly signals for staff: page ballots per source address per time window, in table <c>pollsignals</c>
/// (PK = poll id, RK = window start + a hash of the address). Nothing here blocks a ballot — a factory's shared
/// Wi-Fi looks like ballot stuffing from one address — it only tells staff where to look. The rows hold no openid
/// and no choice; the address is shown to staff with its last part hidden.
/// </summary>
public sealed partial class VoteSignals(AppTables tables, PollsOptions options, TimeProvider time, ILogger<VoteSignals> logger)
{
    public const string TableName = TableRegistry.PollSignals;

    /// <summary>Counts one page ballot (accepted, or refused as a second ballot). Failures are logged, never thrown.</summary>
    public async Task RecordAsync(string pollId, string address, bool accepted, CancellationToken ct)
    {
        try
        {
            var table = await tables.OpenAsync(TableName, ct);
            var window = WindowStart(time.GetUtcNow());
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address)), 0, 8);
            var rowKey = window.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture) + "-" + hash;
            var column = accepted ? "Ballots" : "Refused";
            for (var attempt = 0; attempt < 8; attempt++)
            {
                var current = await table.GetAsync(pollId, rowKey, ct);
                if (current is null)
                {
                    var added = await table.AddAsync(new TableEntity(pollId, rowKey)
                    {
                        ["WindowStart"] = window,
                        ["Network"] = ClientAddress.Masked(address),
                        ["Ballots"] = accepted ? 1 : 0,
                        ["Refused"] = accepted ? 0 : 1,
                    }, ct);
                    if (added.Added)
                    {
                        return;
                    }
                    continue;
                }
                var next = new TableEntity(pollId, rowKey) { [column] = (current.GetInt32(column) ?? 0) + 1 };
                if ((await table.UpdateAsync(next, current.ETagText()!, TableUpdateMode.Merge, ct)).Succeeded)
                {
                    return;
                }
            }
            LogGaveUp(pollId);
        }
        catch (TableStorageException ex)
        {
            // A signal is worth less than the ballot it describes: never fail the vote for it.
            LogFailed(ex, pollId);
        }
    }

    /// <summary>Windows in which one address cast at least <see cref="PollsOptions.SignalThreshold"/> page ballots, busiest first.</summary>
    public async Task<IReadOnlyList<VoteSignal>> ListAsync(string pollId, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var list = new List<VoteSignal>();
        await foreach (var e in table.QueryAsync(TableFilter.Create($"PartitionKey eq {pollId} and Ballots ge {options.SignalThreshold}"), ct: ct))
        {
            var start = e.GetDateTimeOffset("WindowStart") ?? default;
            list.Add(new VoteSignal(start, start + options.SignalWindow, e.GetString("Network") ?? "unknown",
                e.GetInt32("Ballots") ?? 0, e.GetInt32("Refused") ?? 0));
        }
        return list.OrderByDescending(s => s.Ballots).ThenBy(s => s.WindowStart).ToList();
    }

    private DateTimeOffset WindowStart(DateTimeOffset now)
    {
        var ticks = options.SignalWindow.Ticks;
        return new DateTimeOffset(now.UtcTicks / ticks * ticks, TimeSpan.Zero);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vote signal for poll {PollId} not recorded: the row kept changing")]
    private partial void LogGaveUp(string pollId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vote signal for poll {PollId} not recorded")]
    private partial void LogFailed(Exception exception, string pollId);
}

/// <summary>Many page ballots from one address (shown masked) within one window.</summary>
public sealed record VoteSignal(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, string Network, int Ballots, int Refused);
