namespace UnionWeChat.Functions.Members;

/// <summary>What setting a follower's tags came to; <see cref="Tags"/> is the follower's tags after a change.</summary>
public sealed record TagChange(TagChangeOutcome Outcome, IReadOnlyList<string> Tags)
{
    public static TagChange UnknownFollower { get; } = new(TagChangeOutcome.UnknownFollower, []);

    public static TagChange TooMany { get; } = new(TagChangeOutcome.TooManyTags, []);

    public static TagChange UnknownTags(IReadOnlyList<string> names) => new(TagChangeOutcome.UnknownTags, names);

    public static TagChange Done(IReadOnlyList<string> tags) => new(TagChangeOutcome.Done, tags);
}

public enum TagChangeOutcome
{
    Done,
    UnknownFollower,
    /// <summary><see cref="TagChange.Tags"/> names the unknown tags.</summary>
    UnknownTags,
    TooManyTags,
}

public enum TagAllOutcome
{
    Done,
    UnknownTag,
    /// <summary>An openid WeChat does not know, or who unfollowed: nothing was tagged.</summary>
    UnknownFollower,
}
