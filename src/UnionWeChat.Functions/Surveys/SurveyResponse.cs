namespace UnionWeChat.Functions.Surveys;

/// <summary>An answer to one question: the ticked option numbers (1-based; the score of a rating), or a text. Empty when skipped.</summary>
public sealed record SurveyAnswer(IReadOnlyList<int> Choices, string? Text)
{
    public static SurveyAnswer Skipped { get; } = new([], null);

    public bool IsEmpty => Choices.Count == 0 && string.IsNullOrEmpty(Text);

    /// <summary>The answer in words, as the case desk and the export show it.</summary>
    public string Describe(SurveyQuestion q) => IsEmpty ? "（未答）"
        : q.Kind == QuestionKind.Rating ? $"{Choices[0]} 分"
        : q.IsChoice ? string.Join("、", Choices.Select(c => q.Options[c - 1]))
        : Text!;
}

/// <summary>How a member asked for help on a question marked "may open a case".</summary>
public enum HelpChoice
{
    None,
    /// <summary>Under their own name: staff can reply and see the case as the worker's.</summary>
    Named,
    /// <summary>Anonymously: staff never see who filed it (the case's anonymous flag).</summary>
    Anonymous,
}

/// <summary>A request for help made on one question.</summary>
public sealed record HelpRequest(int Question, HelpChoice Choice, string? Note);

public enum ResponseChannel
{
    Page,
    Chat,
}

/// <summary>
/// One member's response. <see cref="OpenId"/> and <see cref="Cases"/> are kept only in a named survey: in an
/// anonymous one the row is found again by its keyed hash alone, and a request for help it made is not linked to it.
/// </summary>
public sealed record SurveyResponse
{
    public required string Key { get; init; }
    public required IReadOnlyList<SurveyAnswer> Answers { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public ResponseChannel Channel { get; init; }
    public string? OpenId { get; init; }
    public IReadOnlyList<string> Cases { get; init; } = [];
}
