using System.Text.Json;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// A notice as a row of table <c>notices</c> (PK "n", RK id: a few hundred a year, listed together). Nested parts
/// are JSON; an explicit openid list is at most 1,000 openids, which fits one string property.
/// </summary>
internal static class NoticeEntities
{
    public const string Partition = "n";

    public static TableEntity ToEntity(Notice n) => new(Partition, n.Id)
    {
        ["Title"] = n.Title,
        ["Body"] = n.Body,
        ["Article"] = n.Article is null ? null : JsonSerializer.Serialize(n.Article),
        ["AudienceKind"] = n.Audience.Kind.ToString(),
        ["AudienceTags"] = n.Audience.Tags.Count == 0 ? null : JsonSerializer.Serialize(n.Audience.Tags),
        ["AudienceOpenIds"] = n.Audience.OpenIds.Count == 0 ? null : string.Join(',', n.Audience.OpenIds),
        ["AudiencePollId"] = n.Audience.PollId,
        ["Channel"] = n.Channel.ToString(),
        ["Template"] = n.Template is null ? null : JsonSerializer.Serialize(n.Template),
        ["Essential"] = n.Essential,
        ["SendAt"] = n.SendAt,
        ["Status"] = n.Status.ToString(),
        ["CreatedBy"] = n.CreatedBy,
        ["CreatedAt"] = n.CreatedAt,
        ["ApprovedBy"] = n.ApprovedBy,
        ["ApprovedAt"] = n.ApprovedAt,
        ["ChangedBy"] = n.ChangedBy,
        ["ChangedAt"] = n.ChangedAt,
        ["Buckets"] = n.Buckets,
        ["Preflight"] = n.Preflight is null ? null : JsonSerializer.Serialize(n.Preflight),
        ["ExpandedAt"] = n.ExpandedAt,
        ["ExpansionLeaseUntil"] = n.ExpansionLeaseUntil,
        ["StartedAt"] = n.StartedAt,
        ["CompletedAt"] = n.CompletedAt,
        ["LastStop"] = n.LastStop,
        ["RefusalCode"] = n.Refusal?.Code,
        ["RefusalReason"] = n.Refusal?.Reason,
        ["LastRunRate"] = n.LastRunRate,
    };

    public static Notice FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey,
        Title = e.GetString("Title") ?? "",
        Body = e.GetString("Body") ?? "",
        Article = Json<NoticeArticle>(e.GetString("Article")),
        Audience = new NoticeAudience(
            Enum.Parse<AudienceKind>(e.GetString("AudienceKind") ?? nameof(AudienceKind.All)),
            Json<string[]>(e.GetString("AudienceTags")) ?? [],
            (e.GetString("AudienceOpenIds") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            e.GetString("AudiencePollId")),
        Channel = Enum.Parse<NoticeChannel>(e.GetString("Channel") ?? nameof(NoticeChannel.Template)),
        Template = Json<TemplateShape>(e.GetString("Template")) is { } t ? new NoticeTemplate(t.TemplateId, t.Data, t.Url) : null,
        Essential = e.GetBoolean("Essential") ?? false,
        SendAt = e.GetDateTimeOffset("SendAt") ?? DateTimeOffset.MinValue,
        Status = Enum.Parse<NoticeStatus>(e.GetString("Status") ?? nameof(NoticeStatus.Scheduled)),
        CreatedBy = e.GetString("CreatedBy") ?? "",
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        ApprovedBy = e.GetString("ApprovedBy"),
        ApprovedAt = e.GetDateTimeOffset("ApprovedAt"),
        ChangedBy = e.GetString("ChangedBy"),
        ChangedAt = e.GetDateTimeOffset("ChangedAt"),
        Buckets = e.GetInt32("Buckets") ?? 1,
        Preflight = Json<NoticePreflight>(e.GetString("Preflight")),
        ExpandedAt = e.GetDateTimeOffset("ExpandedAt"),
        ExpansionLeaseUntil = e.GetDateTimeOffset("ExpansionLeaseUntil"),
        StartedAt = e.GetDateTimeOffset("StartedAt"),
        CompletedAt = e.GetDateTimeOffset("CompletedAt"),
        LastStop = e.GetString("LastStop"),
        Refusal = e.GetString("RefusalCode") is { } code ? new NoticeRefusal(code, e.GetString("RefusalReason") ?? "") : null,
        LastRunRate = e.GetDouble("LastRunRate"),
        ETag = e.ETagText(),
    };

    private static T? Json<T>(string? json) where T : class => json is null ? null : JsonSerializer.Deserialize<T>(json);

    // IReadOnlyDictionary does not deserialize into a record parameter; this shape does.
    private sealed record TemplateShape(string TemplateId, Dictionary<string, string> Data, string? Url);
}
