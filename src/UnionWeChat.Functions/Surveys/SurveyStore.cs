using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.Functions.Polls;

namespace UnionWeChat.Functions.Surveys;

/// <summary>
/// Surveys in table <c>surveys</c> (one small partition; the questions are one JSON column, 30 questions fit well
/// inside a property). Changes go through <see cref="ChangeAsync"/>: read, decide, write with the ETag, again on a
/// conflict. The answering paths read through a cache of a few seconds, so a burst of 5,000 responses after an
/// announcement does not read the same row 5,000 times; the window itself is checked against the clock.
/// </summary>
public sealed partial class SurveyStore(AppTables tables, SurveysOptions options, TimeProvider time)
{
    private const string Table = TableRegistry.Surveys;
    private const string Partition = "survey";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Survey? Survey)> _byId = new(StringComparer.Ordinal);

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>Survey ids are 12 lowercase hex digits; anything else is not worth a storage read.</summary>
    public static bool IsId(string? id) => id is not null && IdPattern().IsMatch(id);

    public async Task<Survey> CreateAsync(Survey survey, CancellationToken ct)
    {
        var table = await tables.OpenAsync(Table, ct);
        var added = await table.AddAsync(ToEntity(survey), ct);
        return added.Added ? survey with { ETag = added.ETag } : throw new InvalidOperationException($"survey id {survey.Id} was handed out twice");
    }

    public async Task<Survey?> GetAsync(string id, CancellationToken ct)
    {
        if (!IsId(id))
        {
            return null;
        }
        var table = await tables.OpenAsync(Table, ct);
        return await table.GetAsync(Partition, id, ct) is { } e ? FromEntity(e) : null;
    }

    /// <summary>A survey as the answering paths see it: at most <see cref="SurveysOptions.SurveyCacheFor"/> old.</summary>
    public async Task<Survey?> GetForAnsweringAsync(string id, CancellationToken ct)
    {
        if (!IsId(id))
        {
            return null;
        }
        var now = time.GetUtcNow();
        if (_byId.TryGetValue(id, out var cached) && now - cached.At < options.SurveyCacheFor)
        {
            return cached.Survey;
        }
        var table = await tables.OpenForReplyAsync(Table, ct);
        var survey = await table.GetAsync(Partition, id, ct) is { } e ? FromEntity(e) : null;
        _byId[id] = (now, survey);
        return survey;
    }

    /// <summary>Every survey, newest first (one partition of a few hundred rows).</summary>
    public async Task<IReadOnlyList<Survey>> ListAsync(CancellationToken ct)
    {
        var table = await tables.OpenAsync(Table, ct);
        var list = new List<Survey>();
        await foreach (var e in table.QueryAsync(TableFilter.PartitionKeyEquals(Partition), ct: ct))
        {
            list.Add(FromEntity(e));
        }
        return [.. list.OrderByDescending(s => s.CreatedAt)];
    }

    /// <summary>Published surveys still taking answers now: what the chat offers.</summary>
    public async Task<IReadOnlyList<Survey>> ListOpenAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return [.. (await ListAsync(ct)).Where(s => s.AcceptsAt(now)).OrderBy(s => s.ClosesAt)];
    }

    /// <summary>
    /// Reads the survey, lets <paramref name="decide"/> return the changed survey (or null to leave it), and writes it
    /// if nobody changed it meanwhile; on a conflict it reads and decides again. Null when there is no such survey.
    /// </summary>
    public async Task<(Survey Survey, bool Changed)?> ChangeAsync(string id, Func<Survey, Survey?> decide, CancellationToken ct)
    {
        var table = await tables.OpenAsync(Table, ct);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await GetAsync(id, ct) is not { } current)
            {
                return null;
            }
            if (decide(current) is not { } changed)
            {
                return (current, false);
            }
            var result = await table.UpdateAsync(ToEntity(changed), current.ETag!, TableUpdateMode.Replace, ct);
            if (result.Succeeded)
            {
                _byId.TryRemove(id, out _);
                return (changed with { ETag = result.ETag }, true);
            }
        }
        throw new InvalidOperationException($"survey {id} kept changing under us");
    }

    private static TableEntity ToEntity(Survey s) => new(Partition, s.Id)
    {
        ["Title"] = s.Title,
        ["Intro"] = s.Intro,
        ["Thanks"] = s.Thanks,
        ["Questions"] = JsonSerializer.Serialize(s.Questions, Json),
        ["Audience"] = s.Audience.Kind.ToString(),
        ["AudienceTags"] = JsonSerializer.Serialize(s.Audience.Tags, Json),
        ["OpensAt"] = s.OpensAt,
        ["ClosesAt"] = s.ClosesAt,
        ["Anonymous"] = s.Anonymous,
        ["Announce"] = s.Announce,
        ["Status"] = s.Status.ToString(),
        ["CreatedBy"] = s.CreatedBy,
        ["CreatedAt"] = s.CreatedAt,
        ["PublishedAt"] = s.PublishedAt,
        ["AudienceSize"] = s.AudienceSize,
        ["ClosedAt"] = s.ClosedAt,
        ["History"] = JsonSerializer.Serialize(s.History, Json),
        ["Partitions"] = s.Partitions,
        ["Salt"] = s.Salt,
    };

    private static Survey FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey,
        Title = e.GetString("Title") ?? "",
        Intro = e.GetString("Intro") ?? "",
        Thanks = e.GetString("Thanks") ?? "",
        Questions = JsonSerializer.Deserialize<SurveyQuestion[]>(e.GetString("Questions") ?? "[]", Json) ?? [],
        Audience = new PollAudience(
            Enum.Parse<AudienceKind>(e.GetString("Audience") ?? nameof(AudienceKind.All)),
            JsonSerializer.Deserialize<string[]>(e.GetString("AudienceTags") ?? "[]", Json) ?? []),
        OpensAt = e.GetDateTimeOffset("OpensAt") ?? default,
        ClosesAt = e.GetDateTimeOffset("ClosesAt") ?? default,
        Anonymous = e.GetBoolean("Anonymous") ?? false,
        Announce = e.GetBoolean("Announce") ?? false,
        Status = Enum.Parse<SurveyStatus>(e.GetString("Status") ?? nameof(SurveyStatus.Draft)),
        CreatedBy = e.GetString("CreatedBy") ?? "",
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        PublishedAt = e.GetDateTimeOffset("PublishedAt"),
        AudienceSize = e.GetInt32("AudienceSize"),
        ClosedAt = e.GetDateTimeOffset("ClosedAt"),
        History = JsonSerializer.Deserialize<SurveyEvent[]>(e.GetString("History") ?? "[]", Json) ?? [],
        Partitions = e.GetInt32("Partitions") ?? 16,
        Salt = e.GetString("Salt") ?? throw new InvalidOperationException($"survey {e.RowKey} has no salt"),
        ETag = e.ETagText(),
    };

    [GeneratedRegex("^[0-9a-f]{12}$")]
    private static partial Regex IdPattern();
}
