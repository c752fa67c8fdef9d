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
    public string? ETag { get; init; }

    public MemberRegistration ForProfile => new(Number, Union, Since);
}

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
    private const string NumberPartition = "no";
    private const string CounterPartition = "seq";

    /// <summary>The card code changes every China day; yesterday's still checks (a card opened before midnight).</summary>
    public const int CodeDigits = 6;

    public async Task<MemberRegistration?> FindAsync(string openId, CancellationToken ct) =>
        (await GetAsync(openId, ct)) is { Active: true } r ? r.ForProfile : null;

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

    /// <summary>Leaving the union: the registration is kept as left (number, union, dates) and the contact details go.</summary>
    public async Task<Registration?> LeaveAsync(string openId, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await GetAsync(openId, ct) is not { Active: true } current)
            {
                return null;
            }
            var left = current with { Active = false, LeftAt = time.GetUtcNow(), Name = "", Mobile = "", Employer = "" };
            if ((await table.UpdateAsync(ToEntity(left), current.ETag!, TableUpdateMode.Replace, ct)).Succeeded)
            {
                return left;
            }
        }
        return null;
    }

    /// <summary>Moves a member to another union (转会): the number stays.</summary>
    public async Task<Registration?> TransferAsync(string openId, string union, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await GetAsync(openId, ct) is not { Active: true } current)
            {
                return null;
            }
            var moved = current with { Union = union };
            if ((await table.UpdateAsync(ToEntity(moved), current.ETag!, TableUpdateMode.Replace, ct)).Succeeded)
            {
                return moved;
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
        if (!IsNumber(number) || code is not { Length: CodeDigits } || !code.All(char.IsAsciiDigit))
        {
            return null;
        }
        var table = await tables.OpenAsync(TableName, ct);
        if (await table.GetAsync(NumberPartition, number, ct) is not { } index
            || await GetAsync(index.GetString("OpenId") ?? "", ct) is not { Active: true } registration
            || registration.Number != number)
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
        ETag = e.ETagText(),
    };
}
