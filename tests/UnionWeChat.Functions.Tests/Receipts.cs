using System.Text.RegularExpressions;

namespace UnionWeChat.Functions.Tests;

/// <summary>What a worker or member is told to keep, as it appears in a reply: case numbers and ballot receipts.</summary>
public static partial class Receipts
{
    /// <summary>A complaint's number, <c>TS-20261121-0042</c> (the serial may pass four digits).</summary>
    [GeneratedRegex(@"TS-\d{8}-\d{4,}")]
    public static partial Regex ComplaintNumber();

    /// <summary>A complaint's or an aid request's number: <c>TS-…</c> or <c>QZ-…</c>.</summary>
    [GeneratedRegex(@"(TS|QZ)-\d{8}-\d{4,}")]
    public static partial Regex CaseNumber();

    /// <summary>A ballot receipt, <c>XXXX-XXXX</c>.</summary>
    [GeneratedRegex("[0-9A-Z]{4}-[0-9A-Z]{4}")]
    public static partial Regex BallotReceipt();
}
