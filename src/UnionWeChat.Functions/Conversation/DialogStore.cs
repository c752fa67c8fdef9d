using System.Text.Json;
using UnionWeChat.Functions.Storage;
using UnionWeChat.Tables;

namespace UnionWeChat.Functions.Conversation;

/// <summary>Dialog state in table <c>dialogs</c>: PK = openid, RK = "d". One point read per message.</summary>
public sealed class DialogStore(AppTables tables)
{
    public const string TableName = "dialogs";
    private const string Row = "d";

    public async Task<DialogState?> GetAsync(string openId, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var e = await table.GetAsync(openId, Row, ct);
        if (e is null)
        {
            return null;
        }
        var answers = JsonSerializer.Deserialize<Dictionary<string, string>>(e.GetString("Answers") ?? "{}") ?? [];
        return new DialogState(e.GetString("Flow") ?? "", e.GetString("Step") ?? "", answers, e.GetDateTimeOffset("UpdatedAt") ?? default)
        {
            ETag = e.ETag,
        };
    }

    public async Task SaveAsync(string openId, DialogState state, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var e = new TableEntity(openId, Row)
        {
            ["Flow"] = state.Flow,
            ["Step"] = state.Step,
            ["Answers"] = JsonSerializer.Serialize(state.Answers),
            ["UpdatedAt"] = state.UpdatedAt,
        };
        await table.UpsertAsync(e, UpsertMode.Replace, ct);
    }

    public async Task ClearAsync(string openId, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        await table.DeleteAsync(openId, Row, "*", ct);
    }
}
