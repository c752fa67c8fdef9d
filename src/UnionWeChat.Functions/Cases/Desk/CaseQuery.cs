using System.Globalization;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Filters for the case list, the console queue and the export. Dates are China dates of creation, inclusive;
/// <c>assignee=none</c> (or <c>未指派</c>, what the console's choice sends) finds cases nobody has taken; <c>q</c> matches number, category, employer, team and text.
/// </summary>
public sealed record CaseQuery
{
    public const string Unassigned = "none";
    /// <summary>The console's spelling of <see cref="Unassigned"/>: staff pick 未指派, nobody types an English word.</summary>
    public const string UnassignedLabel = "未指派";
    public const int MaxPageSize = 200;
    public const int MaxMonths = 36;

    public CaseStatus? Status { get; init; }
    public CaseKind? Kind { get; init; }
    public string? Category { get; init; }
    public string? Assignee { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string? Text { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;

    /// <summary>Reads the query string; every problem is named by its parameter.</summary>
    public static (CaseQuery? Query, Dictionary<string, string[]> Errors) Parse(IQueryCollection q)
    {
        var errors = new Dictionary<string, string[]>();
        var query = new CaseQuery
        {
            Status = Enum<CaseStatus>(q, "status", errors),
            Kind = Enum<CaseKind>(q, "kind", errors),
            Category = Word(q, "category", 50, errors),
            Assignee = Word(q, "assignee", 100, errors) is var assignee && assignee == UnassignedLabel ? Unassigned : assignee,
            From = Date(q, "from", errors),
            To = Date(q, "to", errors),
            Text = Word(q, "q", 100, errors),
            Page = Int(q, "page", 1, 1, 10_000, errors),
            PageSize = Int(q, "pageSize", 50, 1, MaxPageSize, errors),
        };
        if (query.From > query.To)
        {
            errors["from"] = ["must not be after 'to'"];
        }
        else if (query.From is { } from && query.To is { } to && (to.Year - from.Year) * 12 + to.Month - from.Month >= MaxMonths)
        {
            errors["from"] = [$"the range may span at most {MaxMonths} months"];
        }
        return (errors.Count == 0 ? query : null, errors);
    }

    /// <summary>True when the case passes every filter except <see cref="Status"/> (the queue counts statuses).</summary>
    public bool MatchesIgnoringStatus(StaffCaseView c, DateOnly createdOn) =>
        (Kind is null || c.Kind == Kind)
        && (Category is null || c.Category == Category)
        && (Assignee is null || (Assignee == Unassigned ? c.Assignee is null : c.Assignee == Assignee))
        && (From is null || createdOn >= From)
        && (To is null || createdOn <= To)
        && (Text is null || Contains(c.Number) || Contains(c.Category) || Contains(c.Employer) || Contains(c.Team) || Contains(c.Description));

    private bool Contains(string? field) => field is not null && field.Contains(Text!, StringComparison.OrdinalIgnoreCase);

    /// <summary>The query as a query string (for paging links and the export link), without page.</summary>
    public string ToQueryString(bool withPaging = false)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
        Add("status", Status?.ToString());
        Add("kind", Kind?.ToString());
        Add("category", Category);
        Add("assignee", Assignee);
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("q", Text);
        if (withPaging)
        {
            Add("page", Page.ToString(CultureInfo.InvariantCulture));
            Add("pageSize", PageSize.ToString(CultureInfo.InvariantCulture));
        }
        return string.Join('&', parts);
    }

    private static TEnum? Enum<TEnum>(IQueryCollection q, string name, Dictionary<string, string[]> errors) where TEnum : struct, System.Enum
    {
        var raw = q[name].ToString();
        if (raw.Length == 0)
        {
            return null;
        }
        if (CaseLabels.TryParse<TEnum>(raw, out var value))
        {
            return value;
        }
        errors[name] = [$"must be one of {CaseLabels.Names<TEnum>()}"];
        return null;
    }

    private static string? Word(IQueryCollection q, string name, int max, Dictionary<string, string[]> errors)
    {
        var raw = q[name].ToString().Trim();
        if (raw.Length > max)
        {
            errors[name] = [$"must be at most {max} characters"];
        }
        return raw.Length == 0 ? null : raw;
    }

    private static DateOnly? Date(IQueryCollection q, string name, Dictionary<string, string[]> errors)
    {
        var raw = q[name].ToString();
        if (raw.Length == 0)
        {
            return null;
        }
        if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors[name] = ["must be a date, yyyy-MM-dd"];
        return null;
    }

    private static int Int(IQueryCollection q, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        var raw = q[name].ToString();
        if (raw.Length == 0)
        {
            return fallback;
        }
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        errors[name] = [$"must be a whole number from {min} to {max}"];
        return fallback;
    }
}
