
namespace UnionWeChat.Functions.Cases;

/// <summary>
/// What staff do to a case, for the API and the console alike. Every change goes through
/// <see cref="CaseStore.ChangeAsync"/> (ETag retries) and appends a history line naming who did it; lines the
/// worker may read in 查询 are marked visible. Input is checked before anything is read or written.
/// </summary>
public sealed class CaseDesk(CaseStore cases, WorkerReplies replies, RatingFeature rating, TimeProvider time)
{
    public const int MaxTextLength = 1000;
    public const int MaxNameLength = 64;

    public async Task<DeskResult> AssignAsync(string number, string? assignee, string actor, CancellationToken ct)
    {
        assignee = string.IsNullOrWhiteSpace(assignee) ? null : assignee.Trim();
        if (assignee?.Length > MaxNameLength)
        {
            return DeskResult.Invalid("assignee", $"must be at most {MaxNameLength} characters");
        }
        return await ChangeAsync(number, c =>
        {
            if (c.Assignee == assignee)
            {
                return Unchanged;
            }
            // Taking a new case is triaging it.
            var status = assignee is not null && c.Status == CaseStatus.New ? CaseStatus.Triaged : c.Status;
            var detail = assignee is null ? $"取消指派（原承办人 {c.Assignee}）" : $"指派给 {assignee}";
            return (c with { Assignee = assignee, Status = status }, Event(actor, assignee is null ? "unassigned" : "assigned", detail, false));
        }, ct);
    }

    public async Task<DeskResult> ChangeStatusAsync(string number, CaseStatus to, string? note, string actor, CancellationToken ct)
    {
        if (Check("note", note, required: false) is { } bad)
        {
            return bad;
        }
        var result = await ChangeAsync(number, c =>
        {
            if (c.MergedInto is not null)
            {
                return Refuse("status", $"the case was merged into {c.MergedInto}");
            }
            if (!CaseTransitions.IsAllowed(c.Status, to))
            {
                var next = CaseTransitions.From(c.Status);
                return Refuse("status", $"a {c.Status} case cannot become {to}; allowed: {(next.Count == 0 ? "none" : string.Join(", ", next))}");
            }
            var now = time.GetUtcNow();
            var changed = c with
            {
                Status = to,
                ResolvedAt = to == CaseStatus.Resolved ? now : to == CaseStatus.InProgress ? null : c.ResolvedAt,
                ClosedAt = to == CaseStatus.Closed ? now : c.ClosedAt,
            };
            return (changed, Event(actor, "status", CaseLabels.Of(to), visibleToWorker: true));
        }, ct);
        if (result.Succeeded && !string.IsNullOrWhiteSpace(note))
        {
            await cases.AppendAsync(number, Event(actor, "note", note.Trim(), false), ct);
        }
        if (result is { Succeeded: true, Case: { Status: CaseStatus.Closed } closed })
        {
            // 回访: ask the worker to rate the handling; their next message answers it.
            await rating.OpenAsync(closed, ct);
            await replies.AskRatingAsync(closed, ct);
        }
        return result;
    }

    public async Task<DeskResult> SetPriorityAsync(string number, CasePriority? priority, SlaTier? tier, string actor, CancellationToken ct)
    {
        if (priority is null && tier is null)
        {
            return DeskResult.Invalid("priority", "give a priority, a tier, or both");
        }
        return await ChangeAsync(number, c =>
        {
            var changed = c with { Priority = priority ?? c.Priority, Tier = tier ?? c.Tier };
            if (changed.Priority == c.Priority && changed.Tier == c.Tier)
            {
                return Unchanged;
            }
            return (changed, Event(actor, "priority", $"优先级 {CaseLabels.Of(changed.Priority)}，办理级别 {CaseLabels.Of(changed.Tier)}", false));
        }, ct);
    }

    /// <summary>An internal note: never shown to the worker.</summary>
    public async Task<DeskResult> AddNoteAsync(string number, string? text, string actor, CancellationToken ct)
    {
        if (Check("text", text, required: true) is { } bad)
        {
            return bad;
        }
        return await AppendToExistingAsync(number, Event(actor, "note", text!.Trim(), false), ct);
    }

    /// <summary>
    /// Pushes a reply to the worker and records it, with how it was delivered, where the worker's 查询 shows it.
    /// The first reply is the case's first response.
    /// </summary>
    public async Task<DeskResult> ReplyAsync(string number, string? text, string actor, CancellationToken ct)
    {
        if (Check("text", text, required: true) is { } bad)
        {
            return bad;
        }
        var c = await cases.GetAsync(number, ct);
        if (c is null)
        {
            return DeskResult.Missing;
        }
        var reply = await replies.DeliverAsync(c, text!.Trim(), ct);
        await cases.AppendAsync(number, Event(actor, "reply", $"{text.Trim()}\n〔{reply.Note}〕", visibleToWorker: true), ct);
        var now = time.GetUtcNow();
        var updated = await cases.ChangeAsync(number, current => current.FirstResponseAt is null
            ? (current with { FirstResponseAt = now }, null)
            : null, ct);
        return DeskResult.Done(updated ?? c, reply);
    }

    /// <summary>转办: hands the case to another team or a lower-level union; the worker sees where it went.</summary>
    public async Task<DeskResult> TransferAsync(string number, string? team, string? note, string actor, CancellationToken ct)
    {
        team = team?.Trim();
        if (string.IsNullOrEmpty(team) || team.Length > MaxNameLength)
        {
            return DeskResult.Invalid("team", $"name the team or union, at most {MaxNameLength} characters");
        }
        if (Check("note", note, required: false) is { } bad)
        {
            return bad;
        }
        var result = await ChangeAsync(number, c =>
        {
            if (!CaseTransitions.IsOpen(c.Status))
            {
                return Refuse("team", $"a {c.Status} case cannot be transferred");
            }
            var status = CaseTransitions.IsAllowed(c.Status, CaseStatus.InProgress) ? CaseStatus.InProgress : c.Status;
            return (c with { Team = team, Status = status }, Event(actor, "transfer", $"转交 {team} 办理", visibleToWorker: true));
        }, ct);
        if (result.Succeeded && !string.IsNullOrWhiteSpace(note))
        {
            await cases.AppendAsync(number, Event(actor, "note", note.Trim(), false), ct);
        }
        if (result is { Succeeded: true, Case: { Status: CaseStatus.Closed } closed })
        {
            // 回访: ask the worker to rate the handling; their next message answers it.
            await rating.OpenAsync(closed, ct);
            await replies.AskRatingAsync(closed, ct);
        }
        return result;
    }

    /// <summary>What the team a case was transferred to reports back (internal; staff reply to the worker separately).</summary>
    public async Task<DeskResult> RecordTransferResultAsync(string number, string? result, string actor, CancellationToken ct)
    {
        if (Check("result", result, required: true) is { } bad)
        {
            return bad;
        }
        var c = await cases.GetAsync(number, ct);
        if (c is null)
        {
            return DeskResult.Missing;
        }
        if (c.Team is null)
        {
            return DeskResult.Invalid("result", "the case was not transferred");
        }
        await cases.AppendAsync(number, Event(actor, "transfer-result", $"{c.Team} 反馈：{result!.Trim()}", false), ct);
        return DeskResult.Done(c);
    }

    /// <summary>Closes a duplicate as merged into another case; both histories say so, and the worker sees where to look.</summary>
    public async Task<DeskResult> MergeAsync(string number, string? into, string actor, CancellationToken ct)
    {
        into = into?.Trim();
        if (string.IsNullOrEmpty(into) || CaseNumbers.MonthOf(into) is null)
        {
            return DeskResult.Invalid("into", "must be a case number such as TS-20261121-0042");
        }
        if (into == number)
        {
            return DeskResult.Invalid("into", "a case cannot be merged into itself");
        }
        if (await cases.GetAsync(number, ct) is null)
        {
            return DeskResult.Missing;
        }
        var target = await cases.GetAsync(into, ct);
        if (target is null)
        {
            return DeskResult.Invalid("into", $"case {into} does not exist");
        }
        if (target.MergedInto is not null)
        {
            return DeskResult.Invalid("into", $"case {into} was itself merged into {target.MergedInto}");
        }
        var now = time.GetUtcNow();
        var result = await ChangeAsync(number, c =>
        {
            if (c.MergedInto is not null)
            {
                return Refuse("into", $"the case was already merged into {c.MergedInto}");
            }
            if (c.Status == CaseStatus.Closed)
            {
                return Refuse("into", "a closed case cannot be merged");
            }
            return (c with { MergedInto = into, Status = CaseStatus.Closed, ClosedAt = now },
                Event(actor, "merged", $"与 {into} 合并办理，请查看 {into}", visibleToWorker: true));
        }, ct);
        if (result.Succeeded)
        {
            await cases.AppendAsync(into, Event(actor, "merged-from", $"合并了重复事项 {number}", false), ct);
        }
        return result;
    }

    private async Task<DeskResult> AppendToExistingAsync(string number, CaseEvent ev, CancellationToken ct)
    {
        var c = await cases.GetAsync(number, ct);
        if (c is null)
        {
            return DeskResult.Missing;
        }
        await cases.AppendAsync(number, ev, ct);
        return DeskResult.Done(c);
    }

    // Runs a decision under CaseStore's ETag retries; a decision may refuse, which writes nothing.
    private async Task<DeskResult> ChangeAsync(string number, Func<Case, Decision> decide, CancellationToken ct)
    {
        DeskResult? refused = null;
        var changed = await cases.ChangeAsync(number, c =>
        {
            var decision = decide(c);
            refused = decision.Refused;
            return decision.Refused is null && decision.Changed is { } next ? (next, decision.Event) : null;
        }, ct);
        return changed is null ? DeskResult.Missing : refused ?? DeskResult.Done(changed);
    }

    private static Decision Unchanged => new(null, null, null);

    private static Decision Refuse(string field, string problem) => new(null, null, DeskResult.Invalid(field, problem));

    private static DeskResult? Check(string field, string? text, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(text))
        {
            return DeskResult.Invalid(field, "must not be empty");
        }
        return text?.Trim().Length > MaxTextLength ? DeskResult.Invalid(field, $"must be at most {MaxTextLength} characters") : null;
    }

    private CaseEvent Event(string actor, string action, string detail, bool visibleToWorker) =>
        new(time.GetUtcNow(), actor, action, detail, visibleToWorker);

    private readonly record struct Decision(Case? Changed, CaseEvent? Event, DeskResult? Refused)
    {
        public static implicit operator Decision((Case Changed, CaseEvent Event) change) => new(change.Changed, change.Event, null);
    }
}
