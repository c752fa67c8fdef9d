using System.Text.Json;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Answers;

/// <summary>
/// Keyword answers in table <c>answers</c> (one partition: a few dozen rows, read together and cached briefly).
/// Defaults are added once, insert-if-absent, so staff edits are never overwritten.
/// </summary>
public sealed class AnswerBook(AppTables tables, TimeProvider time)
{
    public const string TableName = TableRegistry.Answers;
    private const string Partition = "faq";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private (IReadOnlyList<Answer> Answers, DateTimeOffset At)? _cache;
    private bool _seeded;

    public async Task<IReadOnlyList<Answer>> ListAsync(CancellationToken ct)
    {
        if (_cache is { } cached && time.GetUtcNow() - cached.At < CacheFor)
        {
            return cached.Answers;
        }
        var table = await tables.OpenForReplyAsync(TableName, ct);
        if (!_seeded)
        {
            foreach (var answer in DefaultAnswers.All)
            {
                await table.AddAsync(ToEntity(answer), ct);
            }
            _seeded = true;
        }
        var list = new List<Answer>();
        await foreach (var e in table.QueryAsync(TableFilter.Create($"PartitionKey eq {Partition}"), ct: ct))
        {
            list.Add(FromEntity(e));
        }
        var ordered = list.OrderBy(a => a.Order).ToList();
        _cache = (ordered, time.GetUtcNow());
        return ordered;
    }

    public async Task<Answer?> MatchAsync(string text, CancellationToken ct)
    {
        var answers = await ListAsync(ct);
        return answers.FirstOrDefault(a => a.Keywords.Any(k => text.Contains(k, StringComparison.OrdinalIgnoreCase)));
    }

    public async Task SaveAsync(Answer answer, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        await table.UpsertAsync(ToEntity(answer), TableUpdateMode.Replace, ct);
        _cache = null;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var result = await table.DeleteAsync(Partition, id, "*", ct);
        _cache = null;
        return result.Outcome == WriteOutcome.Succeeded;
    }

    private static TableEntity ToEntity(Answer a) => new(Partition, a.Id)
    {
        ["Keywords"] = JsonSerializer.Serialize(a.Keywords),
        ["Text"] = a.Text,
        ["Order"] = a.Order,
    };

    private static Answer FromEntity(TableEntity e) => new(
        e.RowKey,
        JsonSerializer.Deserialize<string[]>(e.GetString("Keywords") ?? "[]") ?? [],
        e.GetString("Text") ?? "",
        e.GetInt32("Order") ?? 0);
}
