using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Membership;

/// <summary>
/// Applications in table <c>applications</c>: PK = the China month the id was made in (202612), RK = the id
/// (RH20261203-1A2B3C4D). The id is derived from the chat dialog's filing key, so confirming twice files once; the
/// month in the key keeps a month's applications together and finds one from its id alone.
/// </summary>
public sealed class ApplicationStore(AppTables tables)
{
    public const string TableName = TableRegistry.Applications;

    /// <summary>At most this many applications are listed at once (newest first).</summary>
    public const int ListMax = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string NewId(string filingKey, DateTimeOffset now)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(filingKey));
        return "RH" + ChinaTime.Day(now) + "-" + Convert.ToHexString(hash, 0, 4);
    }

    /// <summary>Only ids this store makes: anything else is not worth a read (and never reaches a filter).</summary>
    public static bool IsId(string? id) =>
        id is { Length: 19 } && id.StartsWith("RH", StringComparison.Ordinal) && id[10] == '-'
        && id[2..10].All(char.IsAsciiDigit) && id[11..].All(c => char.IsAsciiDigit(c) || c is >= 'A' and <= 'F');

    private static string PartitionOf(string id) => id[2..8];

    /// <summary>Files the application, or returns the one already filed under its id (a repeated confirmation).</summary>
    public async Task<JoinApplication> AddAsync(JoinApplication application, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var added = await table.AddAsync(ToEntity(application), ct);
        if (added.Added)
        {
            return application with { ETag = added.ETag };
        }
        var existing = await GetAsync(application.Id, ct);
        return existing is not null && existing.OpenId == application.OpenId
            ? existing
            : throw new InvalidOperationException("Two applications were given one id.");
    }

    public async Task<JoinApplication?> GetAsync(string id, CancellationToken ct)
    {
        if (!IsId(id))
        {
            return null;
        }
        var table = await tables.OpenAsync(TableName, ct);
        return await table.GetAsync(PartitionOf(id), id, ct) is { } e ? FromEntity(e) : null;
    }

    /// <summary>The worker's latest application, as their member row names it (one point read), or null.</summary>
    public async Task<JoinApplication?> LatestOfAsync(Members.Member? member, CancellationToken ct) =>
        member?.JoinApplication is { } id ? await GetAsync(id, ct) : null;

    /// <summary>Saves a change if the application is still as read: the application with its new ETag, or null when someone else changed it first.</summary>
    public async Task<JoinApplication?> TryReplaceAsync(JoinApplication application, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var result = await table.UpdateAsync(ToEntity(application), application.ETag!, TableUpdateMode.Replace, ct);
        return result.Succeeded ? application with { ETag = result.ETag } : null;
    }

    /// <summary>A newer application from the same worker replaces one that staff asked to be completed.</summary>
    public async Task MarkReplacedAsync(string id, string by, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await GetAsync(id, ct) is not { Status: ApplicationStatus.NeedsMore } old)
            {
                return;
            }
            var replaced = old.With(new ApplicationEvent(now, Cases.CaseFiling.WorkerActor, $"重新提交，由申请 {by} 接替")) with { Status = ApplicationStatus.Replaced };
            if (await TryReplaceAsync(replaced, ct) is not null)
            {
                return;
            }
        }
    }

    /// <summary>Applications with <paramref name="status"/> (all when null), newest first, at most <see cref="ListMax"/>.</summary>
    public async Task<IReadOnlyList<JoinApplication>> ListAsync(ApplicationStatus? status, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var filter = status is { } s ? TableFilter.Create($"Status eq {s.ToString()}") : null;
        var list = new List<JoinApplication>();
        await foreach (var e in table.QueryAsync(filter, ct: ct))
        {
            list.Add(FromEntity(e));
        }
        return [.. list.OrderByDescending(a => a.SubmittedAt).Take(ListMax)];
    }

    private static TableEntity ToEntity(JoinApplication a) => new(PartitionOf(a.Id), a.Id)
    {
        ["OpenId"] = a.OpenId,
        ["Name"] = a.Name,
        ["Mobile"] = a.Mobile,
        ["Employer"] = a.Employer,
        ["Job"] = a.Job,
        ["EmployerUnion"] = a.EmployerUnion,
        ["SubmittedAt"] = a.SubmittedAt,
        ["Status"] = a.Status.ToString(),
        ["Note"] = a.Note,
        ["Union"] = a.Union,
        ["MemberNumber"] = a.MemberNumber,
        ["DecidedBy"] = a.DecidedBy,
        ["DecidedAt"] = a.DecidedAt,
        ["History"] = JsonSerializer.Serialize(a.History, Json),
    };

    private static JoinApplication FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey,
        OpenId = e.GetString("OpenId") ?? "",
        Name = e.GetString("Name") ?? "",
        Mobile = e.GetString("Mobile") ?? "",
        Employer = e.GetString("Employer") ?? "",
        Job = e.GetString("Job") ?? "",
        EmployerUnion = e.GetString("EmployerUnion") ?? "",
        SubmittedAt = e.GetDateTimeOffset("SubmittedAt") ?? DateTimeOffset.UnixEpoch,
        Status = Enum.TryParse<ApplicationStatus>(e.GetString("Status"), out var s) ? s : ApplicationStatus.Pending,
        Note = e.GetString("Note"),
        Union = e.GetString("Union"),
        MemberNumber = e.GetString("MemberNumber"),
        DecidedBy = e.GetString("DecidedBy"),
        DecidedAt = e.GetDateTimeOffset("DecidedAt"),
        History = JsonSerializer.Deserialize<List<ApplicationEvent>>(e.GetString("History") ?? "[]", Json) ?? [],
        ETag = e.ETagText(),
    };
}
