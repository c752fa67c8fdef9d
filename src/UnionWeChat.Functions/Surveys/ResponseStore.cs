using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Surveys;

/// <summary>
/// Responses in table <c>surveyresponses</c>: one row per member and survey, RK = an HMAC of the member under the
/// survey's salt, spread over <see cref="Survey.Partitions"/> partitions (PK = "{surveyId}-{nn}") so a burst does
/// not queue on one partition. The row is the record: one per member by its key, so results are a count of rows
/// and always equal a recount. A first response is one insert; a changed one replaces the row under its ETag.
/// </summary>
public sealed class ResponseStore(AppTables tables)
{
    private const string Table = TableRegistry.SurveyResponses;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string KeyFor(Survey survey, string openId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromBase64String(survey.Salt), Encoding.UTF8.GetBytes("response|" + openId)))[..32];

    /// <summary>The key a request for help is filed under: from the same salt but a different message, so it cannot be matched to the response row.</summary>
    public static string HelpKeyFor(Survey survey, string openId, int question) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromBase64String(survey.Salt), Encoding.UTF8.GetBytes($"help|{question}|{openId}")))[..32];

    private static string PartitionOf(Survey survey, string key) =>
        $"{survey.Id}-{Convert.ToInt32(key[..2], 16) % survey.Partitions:D2}";

    public async Task<SurveyResponse?> GetAsync(Survey survey, string openId, CancellationToken ct)
    {
        var key = KeyFor(survey, openId);
        var table = await tables.OpenForReplyAsync(Table, ct);
        return await table.GetAsync(PartitionOf(survey, key), key, ct) is { } e ? FromEntity(e) : null;
    }

    /// <summary>
    /// Stores the member's response: an insert when it is their first, else a replace of their row that keeps when
    /// they first answered. Returns whether it replaced an earlier response.
    /// </summary>
    public async Task<bool> SaveAsync(Survey survey, SurveyResponse response, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(Table, ct);
        var pk = PartitionOf(survey, response.Key);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var added = await table.AddAsync(ToEntity(pk, response), ct);
            if (added.Added)
            {
                return false;
            }
            // Already answered: change it, keeping the first time, unless the member changed it meanwhile (then again).
            if (await table.GetAsync(pk, response.Key, ct) is not { } existing)
            {
                continue;
            }
            var before = FromEntity(existing);
            var kept = response with { SubmittedAt = before.SubmittedAt, Cases = response.OpenId is null ? [] : [.. before.Cases.Union(response.Cases, StringComparer.Ordinal)] };
            if ((await table.UpdateAsync(ToEntity(pk, kept), existing.ETagText()!, TableUpdateMode.Replace, ct)).Succeeded)
            {
                return true;
            }
        }
        throw new InvalidOperationException($"a response to survey {survey.Id} kept changing under us");
    }

    /// <summary>Every response to the survey, its partitions read side by side.</summary>
    public async Task<IReadOnlyList<SurveyResponse>> ListAsync(Survey survey, CancellationToken ct)
    {
        var table = await tables.OpenAsync(Table, ct);
        var parts = await Task.WhenAll(Enumerable.Range(0, survey.Partitions).Select(async p =>
        {
            var rows = new List<SurveyResponse>();
            await foreach (var e in table.QueryAsync(TableFilter.PartitionKeyEquals($"{survey.Id}-{p:D2}"), ct: ct))
            {
                rows.Add(FromEntity(e));
            }
            return rows;
        }));
        return [.. parts.SelectMany(r => r).OrderBy(r => r.SubmittedAt)];
    }

    private static TableEntity ToEntity(string pk, SurveyResponse r) => new(pk, r.Key)
    {
        ["Answers"] = JsonSerializer.Serialize(r.Answers.Select(a => new StoredAnswer(a.Choices.Count == 0 ? null : a.Choices, a.Text)), Json),
        ["SubmittedAt"] = r.SubmittedAt,
        ["UpdatedAt"] = r.UpdatedAt,
        ["Channel"] = r.Channel.ToString(),
        ["OpenId"] = r.OpenId,
        ["Cases"] = r.Cases.Count == 0 ? null : string.Join(',', r.Cases),
    };

    private static SurveyResponse FromEntity(TableEntity e) => new()
    {
        Key = e.RowKey,
        Answers = [.. (JsonSerializer.Deserialize<StoredAnswer[]>(e.GetString("Answers") ?? "[]", Json) ?? []).Select(a => new SurveyAnswer(a.C ?? [], a.T))],
        SubmittedAt = e.GetDateTimeOffset("SubmittedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        Channel = Enum.TryParse<ResponseChannel>(e.GetString("Channel"), out var c) ? c : ResponseChannel.Page,
        OpenId = e.GetString("OpenId"),
        Cases = (e.GetString("Cases") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
    };

    // Short names: a 30-question response stays a small row.
    private sealed record StoredAnswer(IReadOnlyList<int>? C, string? T);
}
