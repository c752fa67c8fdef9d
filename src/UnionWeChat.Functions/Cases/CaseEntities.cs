using System.Text.Json;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Storage shapes of cases, kept in one place so a partitioning change touches one file.
/// <list type="bullet">
/// <item><c>cases</c>: PK = month created (<c>2026-11</c>), RK = number. Staff lists by month are one partition.</item>
/// <item><c>workercases</c>: PK = worker pseudonym, RK = number, with status: "我的案件" is one partition.</item>
/// <item><c>casehistory</c>: PK = number, RK = time-ordered id: the history of one case is one partition.</item>
/// </list>
/// </summary>
internal static class CaseEntities
{
    public const string Cases = TableRegistry.Cases;
    public const string WorkerIndex = TableRegistry.WorkerCases;
    public const string History = TableRegistry.CaseHistory;
    public const string Filings = TableRegistry.Filings;

    /// <summary>One row per intake dialog that reached confirmation: the number it was given. PK spreads by key.</summary>
    public static (string PartitionKey, string RowKey) FilingKeys(string filingKey) =>
        (filingKey.Length >= 2 ? filingKey[..2] : "00", filingKey);

    /// <summary>The first history line, with a row key fixed by the case, so writing it twice keeps one.</summary>
    public static TableEntity CreationEvent(Case c, string actor) =>
        new(c.Number, $"{c.CreatedAt.UtcTicks:D19}-created")
        {
            ["At"] = c.CreatedAt,
            ["Actor"] = actor,
            ["Action"] = "created",
            ["Detail"] = "",
            ["VisibleToWorker"] = true,
        };

    public static TableEntity ToEntity(Case c)
    {
        var e = new TableEntity(CaseNumbers.MonthOf(c.Number) ?? throw new ArgumentException("bad case number"), c.Number)
        {
            ["Kind"] = c.Kind.ToString(),
            ["Category"] = c.Category,
            ["Status"] = c.Status.ToString(),
            ["Priority"] = c.Priority.ToString(),
            ["Tier"] = c.Tier.ToString(),
            ["Assignee"] = c.Assignee,
            ["Team"] = c.Team,
            ["CreatedAt"] = c.CreatedAt,
            ["UpdatedAt"] = c.UpdatedAt,
            ["WorkerRef"] = c.WorkerRef,
            ["OpenId"] = c.OpenId,
            ["Anonymous"] = c.Anonymous,
            ["Employer"] = c.Employer,
            ["Description"] = c.Description,
            ["Phone"] = c.Phone,
            ["Evidence"] = JsonSerializer.Serialize(c.Evidence),
            ["EvidenceFiles"] = c.EvidenceFiles.Count == 0 ? null : JsonSerializer.Serialize(c.EvidenceFiles),
            ["FirstResponseAt"] = c.FirstResponseAt,
            ["ResolvedAt"] = c.ResolvedAt,
            ["ClosedAt"] = c.ClosedAt,
            ["Rating"] = c.Rating,
            ["RatingComment"] = c.RatingComment,
            ["MergedInto"] = c.MergedInto,
        };
        return e;
    }

    public static Case FromEntity(TableEntity e) => new()
    {
        Number = e.RowKey,
        Kind = Enum.Parse<CaseKind>(e.GetString("Kind")!),
        Category = e.GetString("Category") ?? "",
        Status = Enum.Parse<CaseStatus>(e.GetString("Status")!),
        Priority = Enum.TryParse<CasePriority>(e.GetString("Priority"), out var p) ? p : CasePriority.Normal,
        Tier = Enum.TryParse<SlaTier>(e.GetString("Tier"), out var t) ? t : SlaTier.General,
        Assignee = e.GetString("Assignee"),
        Team = e.GetString("Team"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt")!.Value,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt")!.Value,
        WorkerRef = e.GetString("WorkerRef")!,
        OpenId = e.GetString("OpenId")!,
        Anonymous = e.GetBoolean("Anonymous") ?? false,
        Employer = e.GetString("Employer"),
        Description = e.GetString("Description") ?? "",
        Phone = e.GetString("Phone"),
        Evidence = JsonSerializer.Deserialize<string[]>(e.GetString("Evidence") ?? "[]") ?? [],
        EvidenceFiles = JsonSerializer.Deserialize<EvidenceFile[]>(e.GetString("EvidenceFiles") ?? "[]") ?? [],
        FirstResponseAt = e.GetDateTimeOffset("FirstResponseAt"),
        ResolvedAt = e.GetDateTimeOffset("ResolvedAt"),
        ClosedAt = e.GetDateTimeOffset("ClosedAt"),
        Rating = e.GetInt32("Rating"),
        RatingComment = e.GetString("RatingComment"),
        MergedInto = e.GetString("MergedInto"),
        ETag = e.ETagText(),
    };

    public static TableEntity ToWorkerIndex(Case c) => new(c.WorkerRef, c.Number)
    {
        ["Kind"] = c.Kind.ToString(),
        ["Category"] = c.Category,
        ["Status"] = c.Status.ToString(),
        ["CreatedAt"] = c.CreatedAt,
    };

    public static TableEntity ToEntity(string number, CaseEvent ev) =>
        new(number, $"{ev.At.UtcTicks:D19}-{Guid.NewGuid():N}")
        {
            ["At"] = ev.At,
            ["Actor"] = ev.Actor,
            ["Action"] = ev.Action,
            ["Detail"] = ev.Detail,
            ["VisibleToWorker"] = ev.VisibleToWorker,
        };

    public static CaseEvent EventFromEntity(TableEntity e) => new(
        e.GetDateTimeOffset("At")!.Value,
        e.GetString("Actor") ?? "",
        e.GetString("Action") ?? "",
        e.GetString("Detail") ?? "",
        e.GetBoolean("VisibleToWorker") ?? false);
}
