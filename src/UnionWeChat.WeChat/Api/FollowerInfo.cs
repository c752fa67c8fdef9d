namespace UnionWeChat.WeChat.Api;

/// <summary>Basic information about one user (<c>/cgi-bin/user/info/batchget</c>).</summary>
/// <param name="OpenId">The user's openid.</param>
/// <param name="Subscribed">False when the user does not follow the account; the other fields are then empty.</param>
/// <param name="Nickname">No longer returned by WeChat for most accounts; kept when present.</param>
/// <param name="Language">e.g. zh_CN.</param>
/// <param name="SubscribedAt">When the user followed.</param>
/// <param name="Remark">The account's remark for the user.</param>
/// <param name="TagIds">Tags on the user.</param>
/// <param name="SubscribeScene">How the user followed, e.g. ADD_SCENE_QR_CODE.</param>
public sealed record FollowerInfo(
    string OpenId,
    bool Subscribed,
    string? Nickname,
    string? Language,
    DateTimeOffset? SubscribedAt,
    string? Remark,
    IReadOnlyList<int> TagIds,
    string? SubscribeScene);
