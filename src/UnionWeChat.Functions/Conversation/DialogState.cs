namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// Where a worker is in a multi-step dialog (a complaint, a vote): the flow's name, its step, and the answers so far
/// as string pairs. Kept per worker; dropped on completion, cancel, timeout or unfollow.
/// </summary>
public sealed record DialogState(string Flow, string Step, IReadOnlyDictionary<string, string> Answers, DateTimeOffset UpdatedAt)
{
    public string? ETag { get; init; }

    public string? this[string key] => Answers.TryGetValue(key, out var v) ? v : null;

    public DialogState With(string step, string? key = null, string? value = null)
    {
        var answers = new Dictionary<string, string>(Answers);
        if (key is not null)
        {
            if (value is null)
            {
                answers.Remove(key);
            }
            else
            {
                answers[key] = value;
            }
        }
        return this with { Step = step, Answers = answers };
    }

    public static DialogState Start(string flow, string step, DateTimeOffset now) =>
        new(flow, step, new Dictionary<string, string>(), now);
}
