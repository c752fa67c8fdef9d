using System.Text.Json;
using Azure.Data.Tables;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// A worker's open dialog, kept in their member row (columns <c>Dialog*</c>, see <see cref="MemberRows"/>) so a
/// message reads it with the profile in one point read and writes it with its reply in one write
/// (<see cref="WorkerStateStore"/>). This type reads and writes it outside a push: a rating request started by
/// staff, an unfollow, tests.
/// </summary>
public sealed class DialogStore(AppTables tables, MemberRows rows)
{
    private const string FlowColumn = "DialogFlow";
    private const string StepColumn = "DialogStep";
    private const string AnswersColumn = "DialogAnswers";
    private const string UpdatedColumn = "DialogUpdatedAt";

    public async Task<DialogState?> GetAsync(string openId, CancellationToken ct)
    {
        var row = await rows.ReadAsync(openId, fresh: true, ct);
        return row is null ? null : Read(row);
    }

    /// <summary>Starts or replaces the dialog whatever is there (outside a message, e.g. a rating request).</summary>
    public async Task SaveAsync(string openId, DialogState state, CancellationToken ct)
    {
        var row = new TableEntity(openId, openId);
        WriteTo(state, row);
        await MergeAsync(row, ct);
    }

    /// <summary>Ends the dialog whatever is there (an empty flow means none; a merge cannot remove a column).</summary>
    public async Task ClearAsync(string openId, CancellationToken ct) =>
        await MergeAsync(new TableEntity(openId, openId) { [FlowColumn] = "" }, ct);

    /// <summary>The dialog in a member row, or null.</summary>
    public static DialogState? Read(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var flow = row.GetString(FlowColumn);
        if (string.IsNullOrEmpty(flow))
        {
            return null;
        }
        var answers = JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString(AnswersColumn) ?? "{}") ?? [];
        return new DialogState(flow, row.GetString(StepColumn) ?? "", answers, row.GetDateTimeOffset(UpdatedColumn) ?? default);
    }

    /// <summary>Puts the dialog into a member row, or removes it (null).</summary>
    public static void WriteTo(DialogState? state, TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (state is null)
        {
            row.Remove(FlowColumn);
            row.Remove(StepColumn);
            row.Remove(AnswersColumn);
            row.Remove(UpdatedColumn);
            return;
        }
        row[FlowColumn] = state.Flow;
        row[StepColumn] = state.Step;
        row[AnswersColumn] = JsonSerializer.Serialize(state.Answers);
        row[UpdatedColumn] = state.UpdatedAt;
    }

    private async Task MergeAsync(TableEntity row, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(MemberRows.TableName, ct);
        await table.UpsertAsync(row, TableUpdateMode.Merge, ct);
        rows.Forget(row.PartitionKey);
    }
}
