using System.Text.Json;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// Dialog state in table <c>dialogs</c>: PK = RK = openid (see <see cref="Members.MemberStore"/> for why the row key
/// repeats the partition key). One point read per message; the message's changes are
/// written with the ETag of that read (<see cref="SaveIfUnchangedAsync"/>), never last-writer-wins.
/// </summary>
public sealed class DialogStore(AppTables tables)
{
    public const string TableName = TableRegistry.Dialogs;

    public async Task<DialogState?> GetAsync(string openId, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var e = await table.GetAsync(openId, openId, ct);
        if (e is null)
        {
            return null;
        }
        var answers = JsonSerializer.Deserialize<Dictionary<string, string>>(e.GetString("Answers") ?? "{}") ?? [];
        return new DialogState(e.GetString("Flow") ?? "", e.GetString("Step") ?? "", answers, e.GetDateTimeOffset("UpdatedAt") ?? default)
        {
            ETag = e.ETagText(),
        };
    }

    /// <summary>Writes the dialog whatever is there (for starting one outside a message, e.g. a rating request).</summary>
    public async Task SaveAsync(string openId, DialogState state, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        await table.UpsertAsync(ToEntity(openId, state), TableUpdateMode.Replace, ct);
    }

    /// <summary>
    /// Writes the dialog only if the row is still as this message read it (<paramref name="readETag"/>; null = there
    /// was none). False when it changed meanwhile: a second message of the same worker handled at the same time.
    /// Under load a write can time out, be retried, and reach storage after a later message's write; without the ETag
    /// that late write would put the dialog back a step.
    /// </summary>
    public async Task<bool> SaveIfUnchangedAsync(string openId, DialogState state, string? readETag, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var entity = ToEntity(openId, state);
        var written = readETag is null
            ? (await table.AddAsync(entity, ct)).Added
            : (await table.UpdateAsync(entity, readETag, TableUpdateMode.Replace, ct)).Succeeded;
        // A retried write whose first attempt was applied meets its own result (409/412): that is saved, not a conflict.
        return written || IsSame(await GetAsync(openId, ct), state);
    }

    /// <summary>Deletes the dialog only if the row is still as this message read it; false when it changed meanwhile.</summary>
    public async Task<bool> ClearIfUnchangedAsync(string openId, string? readETag, CancellationToken ct)
    {
        if (readETag is null)
        {
            return true;
        }
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var deleted = await table.DeleteAsync(openId, openId, readETag, ct);
        // NotFound: gone already (a retried delete whose first attempt was applied, or an unfollow).
        return deleted.Outcome != WriteOutcome.Conflict;
    }

    public async Task ClearAsync(string openId, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        await table.DeleteAsync(openId, openId, "*", ct);
    }

    private static TableEntity ToEntity(string openId, DialogState state) => new(openId, openId)
    {
        ["Flow"] = state.Flow,
        ["Step"] = state.Step,
        ["Answers"] = JsonSerializer.Serialize(state.Answers),
        ["UpdatedAt"] = state.UpdatedAt,
    };

    private static bool IsSame(DialogState? stored, DialogState state) =>
        stored is not null && stored.Flow == state.Flow && stored.Step == state.Step && stored.UpdatedAt == state.UpdatedAt
        && stored.Answers.Count == state.Answers.Count
        && stored.Answers.All(a => state.Answers.TryGetValue(a.Key, out var v) && v == a.Value);
}
