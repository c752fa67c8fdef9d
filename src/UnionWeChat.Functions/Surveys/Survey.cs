using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Polls;

namespace UnionWeChat.Functions.Surveys;

/// <summary>The kinds of question a questionnaire may ask.</summary>
public enum QuestionKind
{
    /// <summary>单选</summary>
    Single,
    /// <summary>多选, with a maximum.</summary>
    Multiple,
    /// <summary>评分 1–5.</summary>
    Rating,
    /// <summary>简答: one line.</summary>
    ShortText,
    /// <summary>问答: a few paragraphs.</summary>
    LongText,
}

/// <summary>One question. <see cref="MayOpenCase"/> lets the member ask the union for help with what they answered.</summary>
public sealed record SurveyQuestion
{
    public const int RatingMax = 5;

    public required QuestionKind Kind { get; init; }
    public required string Title { get; init; }
    public IReadOnlyList<string> Options { get; init; } = [];
    /// <summary>The most options one answer may tick (1 for anything but multiple choice).</summary>
    public int MaxChoices { get; init; } = 1;
    public bool Required { get; init; } = true;
    public bool MayOpenCase { get; init; }

    public bool IsChoice => Kind is QuestionKind.Single or QuestionKind.Multiple or QuestionKind.Rating;

    public bool IsText => !IsChoice;

    /// <summary>How many answers there are to choose from (the five scores of a rating).</summary>
    public int ChoiceCount => Kind == QuestionKind.Rating ? RatingMax : Options.Count;

    /// <summary>The longest text an answer may have.</summary>
    public int TextMax => Kind == QuestionKind.LongText ? SurveyRules.LongTextMax : SurveyRules.ShortTextMax;
}

public enum SurveyStatus
{
    /// <summary>Being built; nobody can answer it.</summary>
    Draft,
    /// <summary>Published: answered between <see cref="Survey.OpensAt"/> and <see cref="Survey.ClosesAt"/>.</summary>
    Published,
    /// <summary>Closed early by staff.</summary>
    Closed,
}

/// <summary>One line of a survey's record: which staff member did what, when.</summary>
public sealed record SurveyEvent(DateTimeOffset At, string Actor, string Action);

/// <summary>
/// A questionnaire as staff built it. <see cref="Salt"/> keys the response rows, so a response can be found again by
/// its member (one per member) without the row naming them in an anonymous survey; it never leaves the server.
/// </summary>
public sealed record Survey
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string Intro { get; init; } = "";
    public string Thanks { get; init; } = "";
    public IReadOnlyList<SurveyQuestion> Questions { get; init; } = [];
    public required PollAudience Audience { get; init; }
    public required DateTimeOffset OpensAt { get; init; }
    public required DateTimeOffset ClosesAt { get; init; }
    /// <summary>No link from a response to its member; only the proof that the member answered once.</summary>
    public bool Anonymous { get; init; }
    /// <summary>Publishing sends the audience a notice (群发) with the page's link.</summary>
    public bool Announce { get; init; }
    public SurveyStatus Status { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    /// <summary>Followers in the audience when it was published, for the response rate.</summary>
    public int? AudienceSize { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public IReadOnlyList<SurveyEvent> History { get; init; } = [];
    /// <summary>Response partitions (fixed at creation, so a configuration change never moves responses).</summary>
    public int Partitions { get; init; } = 16;
    public required string Salt { get; init; }
    public string? ETag { get; init; }

    /// <summary>Responses are taken when published and not closed, inside [OpensAt, ClosesAt).</summary>
    public bool AcceptsAt(DateTimeOffset now) => Status == SurveyStatus.Published && now >= OpensAt && now < ClosesAt;

    public bool HasEndedAt(DateTimeOffset now) => Status == SurveyStatus.Closed || (Status == SurveyStatus.Published && now >= ClosesAt);

    /// <summary>Short enough to answer in the chat, question by question: at most five questions, all of them choices.</summary>
    public bool FitsChat => Questions.Count is > 0 and <= SurveyRules.ChatQuestionsMax && Questions.All(q => q.IsChoice);

    /// <summary>
    /// When a response is recorded as given: in an anonymous survey only the China day, so a response's time cannot
    /// be matched to a named help case filed in the same moment.
    /// </summary>
    public DateTimeOffset StampOf(DateTimeOffset now) => Anonymous ? ChinaTime.At(ChinaTime.Date(now), TimeSpan.Zero) : now;

    /// <summary>A response's time as staff read it: the day in an anonymous survey, else the minute.</summary>
    public string TimeText(DateTimeOffset at) => Anonymous ? ChinaTime.Format(at, "yyyy-MM-dd") : ChinaTime.Minute(at);

    public Survey Record(DateTimeOffset at, string actor, string action) => this with { History = [.. History, new SurveyEvent(at, actor, action)] };
}
