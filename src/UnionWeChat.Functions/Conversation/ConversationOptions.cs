using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Conversation;

/// <summary>Section <c>Conversation</c>.</summary>
public sealed class ConversationOptions : IValidatedOptions
{
    /// <summary>A dialog left idle this long is dropped, leaving no half case (default 30 minutes).</summary>
    public TimeSpan DialogTimeout { get; set; } = TimeSpan.FromMinutes(30);

    public IEnumerable<ConfigProblem> Validate()
    {
        if (DialogTimeout < TimeSpan.FromMinutes(1) || DialogTimeout > TimeSpan.FromDays(1))
        {
            yield return new ConfigProblem("Conversation__DialogTimeout", "must be between 00:01:00 and 1.00:00:00");
        }
    }
}
