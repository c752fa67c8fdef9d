namespace UnionWeChat.Functions.Simulator;

/// <summary>What came of one simulated action.</summary>
/// <param name="Delivered">The app answered the push with 200 and a reply WeChat would accept.</param>
/// <param name="AppStatus">The HTTP status <c>/api/wechat</c> answered (0 when it could not be reached).</param>
/// <param name="Replies">The passive reply as chat entries (none for "success").</param>
/// <param name="Problem">Why it was not delivered, in words for the page; null when delivered.</param>
public sealed record SendResult(bool Delivered, int AppStatus, IReadOnlyList<ChatEntry> Replies, string? Problem);
