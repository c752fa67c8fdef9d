using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure.Data.Tables;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// What was answered to a push: kept in the worker's member row (column <c>Pushes</c>) with the dialog, so the push
/// is recorded in the same write that records its reply and the dialog's next step. A retried push (WeChat retries
/// an unanswered push 3 times, 5 s apart, and two instances may get the same retry) finds its record and gets the
/// same answer without being handled again.
/// </summary>
/// <param name="Key">A hash of the push's de-duplication key (MsgId, or sender and time for events).</param>
/// <param name="Claim">Which attempt wrote it: tells our own write, retried after its answer was lost, from another's.</param>
/// <param name="Reply">The passive reply XML; null for "success".</param>
/// <param name="Late">The answer went out later as a custom message (the handler outran the reply budget).</param>
public sealed record PushRecord(string Key, string Claim, string? Reply, bool Late, DateTimeOffset At)
{
    /// <summary>The record's key for a push: row keys and JSON need no escaping, and a hostile MsgId stays harmless.</summary>
    public static string KeyOf(string dedupeKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dedupeKey)), 0, 16);
}

/// <summary>The rule for the records kept in a row: the last few, for a short time (WeChat's retries come within 15 s).</summary>
public static class PushRecords
{
    public const string Column = "Pushes";

    /// <summary>When the newest kept record expires (the cleanup timer's filter names it literally: PushLedgerCleanup).</summary>
    public const string ExpiresColumn = "PushesExpireAt";

    /// <summary>Far longer than WeChat's retries (three, 5 s apart), short enough that replies do not linger in rows.</summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(15);

    /// <summary>At most this many records per worker: a worker who types fast keeps the newest.</summary>
    public const int MaxKept = 8;

    /// <summary>Well under the service's 64 KiB per string column (records of long replies are dropped oldest first).</summary>
    private const int MaxJsonChars = 24_000;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<PushRecord> Read(TableEntity? row)
    {
        var json = row?.GetString(Column);
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<List<PushRecord>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            // Only this type writes the column; an unreadable value is forgotten rather than blocking the worker.
            return [];
        }
    }

    /// <summary>Writes <paramref name="kept"/> plus <paramref name="added"/> into the row, dropping expired and surplus records.</summary>
    public static void Write(TableEntity row, IReadOnlyList<PushRecord> kept, PushRecord? added, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(row);
        var records = kept.Where(r => now - r.At < KeepFor).ToList();
        if (added is not null)
        {
            records.Add(added);
        }
        while (records.Count > MaxKept)
        {
            records.RemoveAt(0);
        }
        var json = JsonSerializer.Serialize(records, Json);
        while (json.Length > MaxJsonChars && records.Count > 1)
        {
            records.RemoveAt(0);
            json = JsonSerializer.Serialize(records, Json);
        }
        if (records.Count == 0)
        {
            row.Remove(Column);
            row.Remove(ExpiresColumn);
            return;
        }
        row[Column] = json;
        row[ExpiresColumn] = records.Max(r => r.At) + KeepFor;
    }
}
