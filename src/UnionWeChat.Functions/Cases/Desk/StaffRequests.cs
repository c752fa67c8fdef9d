using UnionWeChat.Functions.Staff;

namespace UnionWeChat.Functions.Cases;

// Bodies of the staff API's writes. Enums arrive as names and are parsed with clear errors (CaseLabels.TryParse).

public sealed record AssignRequest(string? Assignee);

public sealed record StatusRequest(string? Status, string? Note);

public sealed record PriorityRequest(string? Priority, string? Tier);

public sealed record NoteRequest(string? Text);

public sealed record ReplyRequest(string? Text);

public sealed record TransferRequest(string? Team, string? Note);

public sealed record TransferResultRequest(string? Result);

public sealed record MergeRequest(string? Into);

/// <summary>The case after a change, and for a reply how it reached the worker.</summary>
public sealed record DeskResponse(StaffCaseView Case, ReplyReport? Reply);

