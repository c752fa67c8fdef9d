using System.Text.Json;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

using UnionWeChat.Functions.Notices;

namespace UnionWeChat.Functions.Polls;

/// <summary>Table shapes of polls: table <c>polls</c>, PK = "poll", RK = poll id (a few hundred rows at most).</summary>
internal static class PollEntities
{
    public const string Table = TableRegistry.Polls;
    public const string Partition = "poll";

    public static TableEntity ToEntity(Poll p) => new(Partition, p.Id)
    {
        ["Title"] = p.Title,
        ["Description"] = p.Description,
        ["Options"] = JsonSerializer.Serialize(p.Options),
        ["MaxChoices"] = p.MaxChoices,
        ["Audience"] = p.Audience.Kind.ToString(),
        ["AudienceTags"] = JsonSerializer.Serialize(p.Audience.Tags),
        ["OpensAt"] = p.OpensAt,
        ["ClosesAt"] = p.ClosesAt,
        ["Channel"] = p.Channel.ToString(),
        ["AnnounceResults"] = p.AnnounceResults,
        ["Visibility"] = p.Visibility.ToString(),
        ["Status"] = p.Status.ToString(),
        ["CreatedBy"] = p.CreatedBy,
        ["CreatedAt"] = p.CreatedAt,
        ["ChangedBy"] = p.ChangedBy,
        ["ApprovedBy"] = p.ApprovedBy,
        ["ApprovedAt"] = p.ApprovedAt,
        ["OpenedAt"] = p.OpenedAt,
        ["AudienceSize"] = p.AudienceSize,
        ["CloseRequestedBy"] = p.CloseRequestedBy,
        ["CloseRequestedAt"] = p.CloseRequestedAt,
        ["ClosedEarlyBy"] = p.ClosedEarlyBy,
        ["ClosedAt"] = p.ClosedAt,
        ["ResultsPending"] = p.ResultsPending,
        ["Partitions"] = p.Partitions,
        ["Salt"] = p.Salt,
    };

    public static Poll FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey,
        Title = e.GetString("Title") ?? "",
        Description = e.GetString("Description") ?? "",
        Options = JsonSerializer.Deserialize<string[]>(e.GetString("Options") ?? "[]") ?? [],
        MaxChoices = e.GetInt32("MaxChoices") ?? 1,
        Audience = new PollAudience(
            Enum.Parse<AudienceKind>(e.GetString("Audience") ?? nameof(AudienceKind.All)),
            JsonSerializer.Deserialize<string[]>(e.GetString("AudienceTags") ?? "[]") ?? []),
        OpensAt = e.GetDateTimeOffset("OpensAt") ?? default,
        ClosesAt = e.GetDateTimeOffset("ClosesAt") ?? default,
        Channel = Enum.Parse<AnnouncementChannel>(e.GetString("Channel") ?? nameof(AnnouncementChannel.None)),
        AnnounceResults = e.GetBoolean("AnnounceResults") ?? false,
        Visibility = Enum.Parse<ResultsVisibility>(e.GetString("Visibility") ?? nameof(ResultsVisibility.AfterClose)),
        Status = Enum.Parse<PollStatus>(e.GetString("Status") ?? nameof(PollStatus.AwaitingApproval)),
        CreatedBy = e.GetString("CreatedBy") ?? "",
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        ChangedBy = e.GetString("ChangedBy"),
        ApprovedBy = e.GetString("ApprovedBy"),
        ApprovedAt = e.GetDateTimeOffset("ApprovedAt"),
        OpenedAt = e.GetDateTimeOffset("OpenedAt"),
        AudienceSize = e.GetInt32("AudienceSize"),
        CloseRequestedBy = e.GetString("CloseRequestedBy"),
        CloseRequestedAt = e.GetDateTimeOffset("CloseRequestedAt"),
        ClosedEarlyBy = e.GetString("ClosedEarlyBy"),
        ClosedAt = e.GetDateTimeOffset("ClosedAt"),
        ResultsPending = e.GetBoolean("ResultsPending") ?? false,
        Partitions = e.GetInt32("Partitions") ?? 16,
        Salt = e.GetString("Salt") ?? throw new InvalidOperationException($"poll {e.RowKey} has no salt"),
        ETag = e.ETagText(),
    };
}
