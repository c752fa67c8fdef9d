namespace UnionWeChat.Functions.Platform.Web;

/// <summary>
/// What an openid looks like (letters, digits, _ and -, 6 to 64): the one rule for the router, the member pages, the
/// staff APIs and the simulator (<c>Member.IsOpenId</c> is this rule); anything else is not worth a storage read.
/// </summary>
public static partial class OpenIds
{
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_-]{6,64}$")]
    private static partial System.Text.RegularExpressions.Regex Pattern();
}
