using UnionWeChat.Functions.Polls;

namespace UnionWeChat.Functions.Membership;

/// <summary>
/// Addresses of the member's pages as sent in the chat. The app's public address is the one the vote links use
/// (<c>Polls__PublicBaseUrl</c>): one setting for every page a member opens from WeChat.
/// </summary>
public sealed class MembershipLinks(PollsOptions polls)
{
    public const string CardPath = "/api/member/card";

    /// <summary>The card page's address, or null while no public address is configured.</summary>
    public string? Card() => string.IsNullOrEmpty(polls.PublicBaseUrl) ? null : polls.PublicBaseUrl.TrimEnd('/') + CardPath;

    public string? PublicBaseUrl => polls.PublicBaseUrl;
}
