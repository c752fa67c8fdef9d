namespace UnionWeChat.Functions.Notices;

/// <summary>Who a notice is for.</summary>
public enum AudienceKind
{
    /// <summary>Every follower; needs an admin's approval.</summary>
    All,
    /// <summary>Followers carrying any of the tags.</summary>
    Tags,
    /// <summary>Followers who registered as union members.</summary>
    Registered,
    /// <summary>An explicit list of openids.</summary>
    OpenIds,
    /// <summary>A poll's audience, through <see cref="IPollAudience"/>.</summary>
    Poll,
}
