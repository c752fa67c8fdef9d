using System.Security.Cryptography;
using System.Text;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// Ids and keys derived from a notice: its id, the outbox partition of a recipient, and the de-duplication keys
/// WeChat honours. Everything here is deterministic (no string.GetHashCode, which differs per process).
/// </summary>
public static partial class NoticeKeys
{

    /// <summary>yyyyMMddHHmm (Beijing time) and 6 random hex digits: sorts by creation, 18 letters and digits.</summary>
    public static string NewId(DateTimeOffset now) =>
        ChinaTime.Format(now, "yyyyMMddHHmm")
        + RandomNumberGenerator.GetHexString(6, lowercase: true);

    public static bool IsId(string? id) =>
        id is { Length: 18 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f') || IsDerivedId(id);

    /// <summary>
    /// A fixed id for a notice another feature publishes for one of its own things, e.g. <c>poll_3f2a…_open</c>:
    /// the same on every run, so publishing twice finds the first. Underscores, not hyphens: the id also names a
    /// property of the <see cref="MassBudget"/> row, which must be an identifier. At most 39 characters, so the
    /// mass clientmsgid built from it stays within WeChat's 64 bytes.
    /// </summary>
    public static string DerivedId(string source, string sourceId, string kind)
    {
        var id = $"{source}_{sourceId}_{kind}";
        return IsDerivedId(id) ? id : throw new ArgumentException($"'{id}' cannot be a notice id.", nameof(sourceId));
    }

    private static bool IsDerivedId(string? id) => id is { Length: <= 39 } && DerivedIdPattern().IsMatch(id);

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z]{2,12}_[0-9a-z]{1,24}_[a-z]{2,12}$")]
    private static partial System.Text.RegularExpressions.Regex DerivedIdPattern();

    /// <summary>The outbox bucket of a recipient: FNV-1a over the openid, so a run on any instance agrees.</summary>
    public static int BucketOf(string openId, int buckets)
    {
        var hash = 2166136261u;
        foreach (var c in openId)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % (uint)buckets);
    }

    public static string Partition(string noticeId, int bucket) => $"{noticeId}-{bucket:D2}";

    /// <summary>
    /// Template <c>client_msg_id</c>: the same for every attempt at one recipient, so WeChat drops a repeat within
    /// 10 minutes (api_sendtemplatemessage). 26 characters.
    /// </summary>
    public static string TemplateClientMsgId(string noticeId, string openId) =>
        noticeId + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(openId)), 0, 4);

    /// <summary>
    /// Mass <c>clientmsgid</c>: the notice and a hash of the (sorted) openid list, so resubmitting the same list is
    /// refused by WeChat for 24 hours (45065) while another list of the same notice is not. 43 bytes (limit 64).
    /// </summary>
    public static string MassClientMsgId(string noticeId, IEnumerable<string> sortedOpenIds)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var openId in sortedOpenIds)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(openId));
            sha.AppendData("\n"u8);
        }
        return noticeId + "-" + Convert.ToHexStringLower(sha.GetHashAndReset(), 0, 12);
    }

    /// <summary>The Beijing-time day a daily quota belongs to (WeChat resets quotas at midnight, China time).</summary>
    public static string QuotaDay(DateTimeOffset now) =>
        ChinaTime.Day(now);

    /// <summary>The next midnight in Beijing: when a used-up daily quota comes back.</summary>
    public static DateTimeOffset NextQuotaWindow(DateTimeOffset now) =>
        ChinaTime.NextMidnight(now);

    /// <summary>The Beijing-time month a member's mass-send allowance belongs to.</summary>
    public static string Month(DateTimeOffset now) =>
        ChinaTime.Month(now);
}
