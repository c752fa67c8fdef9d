namespace UnionWeChat.WeChat.Api;

/// <summary>One page of the follower list (<c>/cgi-bin/user/get</c>, at most 10,000 openids).</summary>
/// <param name="Total">All followers of the account.</param>
/// <param name="OpenIds">This page's openids.</param>
/// <param name="NextOpenId">Pass to the next call; null or empty when the list is done.</param>
public sealed record FollowerPage(int Total, IReadOnlyList<string> OpenIds, string? NextOpenId);
