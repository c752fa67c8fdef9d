using System.Security.Cryptography;
using System.Text;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Where a member's ballot lives and the receipt code they are shown, both derived with HMAC-SHA256 keyed by the
/// poll's secret salt. The ballots table therefore never holds an openid, and one member always maps to the same
/// row, which is what makes a second ballot impossible (insert-if-absent).
/// </summary>
public sealed record BallotKeys(string PartitionKey, string RowKey, string Receipt)
{
    /// <summary>
    /// Ballot row keys are hex digits, all before '~'. Polls from before ballots were counted also hold counter rows
    /// from '~' on ("~c00"…); a count reads only the range before it, so those rows are ignored.
    /// </summary>
    public const string CounterPrefix = "~";

    // Crockford's base32 without I, L, O, U: a code read aloud or retyped is not misread.
    private const string ReceiptAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static BallotKeys For(Poll poll, string openId)
    {
        var key = Convert.FromBase64String(poll.Salt);
        var ballot = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("ballot|" + openId));
        var receipt = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("receipt|" + openId));
        var partition = (ballot[0] << 8 | ballot[1]) % poll.Partitions;
        return new BallotKeys(PartitionOf(poll, partition), Convert.ToHexStringLower(ballot, 0, 16), Code(receipt));
    }

    /// <summary>
    /// A chat ballot's attempt key: the same for every decision of one push (a retry, or a second decision after the
    /// member row changed), so the box tells that push's own ballot from an earlier one and says 投票成功 again.
    /// Keyed by the poll's salt like the ballot's keys: the push's key names the member and must not be guessable
    /// from the ballots table.
    /// </summary>
    public static string AttemptOf(Poll poll, string pushKey) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromBase64String(poll.Salt), Encoding.UTF8.GetBytes("attempt|" + pushKey)), 0, 16);

    public static string PartitionOf(Poll poll, int index) => $"{poll.Id}-{index:D2}";

    private static string Code(byte[] bytes)
    {
        // 40 bits → 8 symbols, shown as XXXX-XXXX.
        var value = 0L;
        for (var i = 0; i < 5; i++)
        {
            value = value << 8 | bytes[i];
        }
        var chars = new char[9];
        for (var i = 8; i >= 0; i--)
        {
            if (i == 4)
            {
                chars[i] = '-';
                continue;
            }
            chars[i] = ReceiptAlphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }
}
