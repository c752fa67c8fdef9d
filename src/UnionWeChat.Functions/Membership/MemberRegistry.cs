using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Membership;

/// <summary>A registered member as the registry keeps them (the union's record, not the WeChat profile).</summary>
public sealed record Registration
{
    public required string OpenId { get; init; }
    public required string Number { get; init; }
    public required string Union { get; init; }
    public required DateTimeOffset Since { get; init; }
    public required string Name { get; init; }
    public required string Mobile { get; init; }
    public required string Employer { get; init; }
    public string? Application { get; init; }
    /// <summary>The key of this member's card codes (random, never shown): a code cannot be made without it.</summary>
    public required string CardKey { get; init; }
    public bool Active { get; init; } = true;
    public DateTimeOffset? LeftAt { get; init; }
    /// <summary>A change the member asked for on their card page (转会 or 退会), waiting for staff; null when none.</summary>
    public MemberChange? Change { get; init; }
    /// <summary>What was done to this registration after it was made: who, what, when.</summary>
    public IReadOnlyList<ApplicationEvent> History { get; init; } = [];
    public string? ETag { get; init; }

    public MemberRegistration ForProfile => new(Number, Union, Since);

    public Registration With(DateTimeOffset at, string actor, string action) => this with { History = [.. History, new ApplicationEvent(at, actor, action)] };
}

public enum ChangeKind
{
    /// <summary>转会: to another union; the number stays.</summary>
    Transfer,
    /// <summary>退会: the registration is marked left and the contact details removed.</summary>
    Leave,
}

/// <summary>A member's request to move to another union or to leave, with their reason.</summary>
public sealed record MemberChange(ChangeKind Kind, string? ToUnion, string? Note, DateTimeOffset At);

/// <summary>
/// The registry, table <c>registry</c>: a member's registration (PK = openid, RK = "reg"), the index from member
/// number to openid (PK = "no", RK = number), the yearly number counter (PK = "seq", RK = year) and imported member
/// lists (PK = "roster", RK = mobile; <see cref="MemberRoster"/>). Kept when a member
/// unfollows (it is the union's record), so a member who follows again is still registered; a member who leaves the
/// union is marked left, with their contact details removed (docs/SECURITY.md).
/// </summary>
public sealed class MemberRegistry(AppTables tables, TimeProvider time) : IMemberRegistry
{
    public const string TableName = TableRegistry.Registry;
    private const string RegistrationRow = "reg";
    private const string ApplicationRow = "app";
    private const string NumberPartition = "no";
    private const string CounterPartition = "seq";

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>The card code changes every China day; yesterday's still checks (a card opened before midnight).</summary>
    public const int CodeDigits = 6;

    /// <summary>The worker's registration (if active) and latest application: one query of their partition.</summary>
    public async Task<RegistryRecord> FindAsync(string openId, CancellationToken ct)
    {
        if (!Member.IsOpenId(openId))
        {
            return RegistryRecord.None;
        }
        var table = await tables.OpenForReplyAsync(TableName, ct);
        MemberRegistration? registration = null;
        string? application = null;
        await foreach (var e in table.QueryAsync(TableFilter.PartitionKeyEquals(openId), ct: ct))
        {
            if (e.RowKey == RegistrationRow && FromEntity(e) is { Active: true } r)
            {
                registration = r.ForProfile;
            }
            else if (e.RowKey == ApplicationRow)
            {
                application = e.GetString("Id");
            }
        }
        return new RegistryRecord(registration, application);
    }

    /// <summary>
    /// Remembers the worker's latest application beside their registration, so it outlives an unfollow (which resets
    /// the profile that points to it) and 入会 after following again says "under review" instead of starting over.
    /// </summary>
    public async Task NoteApplicationAsync(string openId, string applicationId, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        await table.UpsertAsync(new TableEntity(openId, ApplicationRow) { ["Id"] = applicationId }, TableUpdateMode.Replace, ct);
    }

    public async Task<Registration?> GetAsync(string openId, CancellationToken ct)
    {
        if (!Member.IsOpenId(openId))
        {
            return null;
        }
        var table = await tables.OpenForReplyAsync(TableName, ct);
        return await table.GetAsync(openId, RegistrationRow, ct) is { } e ? FromEntity(e) : null;
    }

    /// <summary>
    /// Registers the applicant, or returns the registration they already have (one per worker: the registration row
    /// is added, not overwritten, so two staff approving at once make one member). A number taken by the loser of
    /// such a race is simply never used.
    /// </summary>
    public async Task<Registration> RegisterAsync(JoinApplication application, RegistrationTerms terms, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(terms);
        var table = await tables.OpenAsync(TableName, ct);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var existing = await GetAsync(application.OpenId, ct);
            if (existing is { Active: true })
            {
                return existing;
            }
            var now = time.GetUtcNow();
            var number = await ClaimListedNumberAsync(table, terms.Number, application.OpenId, ct) ?? await NextNumberAsync(table, now, ct);
            await table.UpsertAsync(new TableEntity(NumberPartition, number) { ["OpenId"] = application.OpenId }, TableUpdateMode.Replace, ct);
            var registration = new Registration
            {
                OpenId = application.OpenId,
                Number = number,
                Union = terms.Union,
                Since = terms.Since ?? now,
                Name = application.Name,
                Mobile = application.Mobile,
                Employer = application.Employer,
                Application = application.Id,
                CardKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            };
            // A member who left and joins again gets a new number; the old row is replaced only if still as read.
            var written = existing is null
                ? (await table.AddAsync(ToEntity(registration), ct)).Added
                : (await table.UpdateAsync(ToEntity(registration), existing.ETag!, TableUpdateMode.Replace, ct)).Succeeded;
            if (written)
            {
                return registration;
            }
        }
        throw new InvalidOperationException("The registration kept changing while it was written.");
    }

    /// <summary>Records the member's request (one open at a time); null when they are not an active member or one is already open.</summary>
    public Task<Registration?> RequestChangeAsync(string openId, MemberChange change, CancellationToken ct) =>
        UpdateAsync(openId, r => r.Change is null ? r.With(change.At, "会员", Describe(change)) with { Change = change } : null, ct);

    /// <summary>
    /// Does what the open request asks (approved) or drops it (declined), as <paramref name="staff"/>: a transfer moves
    /// the member to the union asked for, keeping the number; leaving keeps the number, union and dates and removes the
    /// name, mobile and employer. Null when there is no open request.
    /// </summary>
    public Task<Registration?> DecideChangeAsync(string openId, bool approve, string staff, string? reason, CancellationToken ct) =>
        UpdateAsync(openId, r =>
        {
            if (r.Change is not { } change)
            {
                return null;
            }
            var now = time.GetUtcNow();
            if (!approve)
            {
                return r.With(now, staff, $"不同意{Name(change.Kind)}：{reason}") with { Change = null };
            }
            return change.Kind == ChangeKind.Transfer
                ? r.With(now, staff, $"同意转会：{r.Union} → {change.ToUnion}") with { Union = change.ToUnion!, Change = null }
                : r.With(now, staff, "同意退会") with { Active = false, LeftAt = now, Name = "", Mobile = "", Employer = "", Change = null };
        }, ct);

    /// <summary>The member behind a number (active or left), or null.</summary>
    public async Task<Registration?> ByNumberAsync(string number, CancellationToken ct)
    {
        if (!IsNumber(number))
        {
            return null;
        }
        var table = await tables.OpenAsync(TableName, ct);
        return await table.GetAsync(NumberPartition, number, ct) is { } index
            && await GetAsync(index.GetString("OpenId") ?? "", ct) is { } registration && registration.Number == number
                ? registration
                : null;
    }

    public static string Name(ChangeKind kind) => kind == ChangeKind.Transfer ? "转会" : "退会";

    private static string Describe(MemberChange change) =>
        (change.Kind == ChangeKind.Transfer ? $"申请转会到{change.ToUnion}" : "申请退会") + (change.Note is { Length: > 0 } note ? "：" + note : "");

    private async Task<Registration?> UpdateAsync(string openId, Func<Registration, Registration?> change, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await GetAsync(openId, ct) is not { Active: true } current || change(current) is not { } next)
            {
                return null;
            }
            if ((await table.UpdateAsync(ToEntity(next), current.ETag!, TableUpdateMode.Replace, ct)).Succeeded)
            {
                return next;
            }
        }
        return null;
    }

    /// <summary>Every registration, active and left (a scan: for the console's list, statistics and export).</summary>
    public async Task<IReadOnlyList<Registration>> ListAsync(CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var list = new List<Registration>();
        await foreach (var e in table.QueryAsync(TableFilter.Create($"RowKey eq {RegistrationRow}"), ct: ct))
        {
            list.Add(FromEntity(e));
        }
        return list;
    }

    /// <summary>Today's code on the member's card: six digits from the member's card key and the China day.</summary>
    public static string CodeFor(Registration registration, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var mac = HMACSHA256.HashData(Convert.FromBase64String(registration.CardKey),
            Encoding.UTF8.GetBytes(registration.Number + "|" + ChinaTime.Day(at)));
        var value = BitConverter.ToUInt32(mac, 0) % 1_000_000;
        return value.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The active member whose card shows <paramref name="code"/> for <paramref name="number"/> today (or yesterday),
    /// else null: a made-up number, a made-up or old code, or a member who left.
    /// </summary>
    public async Task<Registration?> CheckCardAsync(string number, string code, CancellationToken ct)
    {
        if (code is not { Length: CodeDigits } || !code.All(char.IsAsciiDigit) || await ByNumberAsync(number, ct) is not { Active: true } registration)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var matches = Fixed(CodeFor(registration, now), code) | Fixed(CodeFor(registration, now.AddDays(-1)), code);
        return matches ? registration : null;
    }

    /// <summary>
    /// A member number: the registry makes the year and six digits (2026000123); an imported list may bring its own
    /// (4 to 20 letters, digits and dashes).
    /// </summary>
    public static bool IsNumber(string? number) =>
        number is { Length: >= 4 and <= 20 } && number.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    // A number from an imported list is kept if no one else holds it; otherwise the registry makes a new one.
    private static async Task<string?> ClaimListedNumberAsync(TableClient table, string? number, string openId, CancellationToken ct)
    {
        if (!IsNumber(number))
        {
            return null;
        }
        if ((await table.AddAsync(new TableEntity(NumberPartition, number!) { ["OpenId"] = openId }, ct)).Added)
        {
            return number;
        }
        return (await table.GetAsync(NumberPartition, number!, ct))?.GetString("OpenId") == openId ? number : null;
    }

    private static bool Fixed(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    // Approvals are paced by staff, so a plain read and conditional write is enough; a lost race reads again.
    private static async Task<string> NextNumberAsync(TableClient table, DateTimeOffset now, CancellationToken ct)
    {
        var year = ChinaTime.Format(now, "yyyy");
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var row = await table.GetAsync(CounterPartition, year, ct);
            long next;
            bool taken;
            if (row is null)
            {
                next = 1;
                taken = (await table.AddAsync(new TableEntity(CounterPartition, year) { ["Value"] = next }, ct)).Added;
            }
            else
            {
                next = (row.GetInt64("Value") ?? 0) + 1;
                taken = (await table.UpdateAsync(new TableEntity(CounterPartition, year) { ["Value"] = next }, row.ETagText()!, TableUpdateMode.Replace, ct)).Succeeded;
            }
            if (taken)
            {
                return year + next.ToString("D6", CultureInfo.InvariantCulture);
            }
            await Task.Delay(Random.Shared.Next(1, 20), ct);
        }
        throw new InvalidOperationException("The member number counter stayed busy.");
    }

    private static TableEntity ToEntity(Registration r) => new(r.OpenId, RegistrationRow)
    {
        ["Number"] = r.Number,
        ["Union"] = r.Union,
        ["Since"] = r.Since,
        ["Name"] = r.Name,
        ["Mobile"] = r.Mobile,
        ["Employer"] = r.Employer,
        ["Application"] = r.Application,
        ["CardKey"] = r.CardKey,
        ["Active"] = r.Active,
        ["LeftAt"] = r.LeftAt,
        ["ChangeKind"] = r.Change?.Kind.ToString(),
        ["ChangeUnion"] = r.Change?.ToUnion,
        ["ChangeNote"] = r.Change?.Note,
        ["ChangeAt"] = r.Change?.At,
        ["History"] = System.Text.Json.JsonSerializer.Serialize(r.History, Json),
    };

    private static Registration FromEntity(TableEntity e) => new()
    {
        OpenId = e.PartitionKey,
        Number = e.GetString("Number") ?? "",
        Union = e.GetString("Union") ?? "",
        Since = e.GetDateTimeOffset("Since") ?? DateTimeOffset.UnixEpoch,
        Name = e.GetString("Name") ?? "",
        Mobile = e.GetString("Mobile") ?? "",
        Employer = e.GetString("Employer") ?? "",
        Application = e.GetString("Application"),
        CardKey = e.GetString("CardKey") ?? "",
        Active = e.GetBoolean("Active") ?? false,
        LeftAt = e.GetDateTimeOffset("LeftAt"),
        Change = Enum.TryParse<ChangeKind>(e.GetString("ChangeKind"), out var kind) && e.GetDateTimeOffset("ChangeAt") is { } at
            ? new MemberChange(kind, e.GetString("ChangeUnion"), e.GetString("ChangeNote"), at)
            : null,
        History = System.Text.Json.JsonSerializer.Deserialize<List<ApplicationEvent>>(e.GetString("History") ?? "[]", Json) ?? [],
        ETag = e.ETagText(),
    };
}
