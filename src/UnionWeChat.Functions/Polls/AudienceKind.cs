namespace UnionWeChat.Functions.Polls;

/// <summary>Who may vote: every follower, followers with one of some tags, or registered union members only.</summary>
public enum AudienceKind
{
    All,
    Tags,
    Registered,
}
