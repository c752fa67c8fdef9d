using System.Text;
using System.Text.RegularExpressions;
using UnionWeChat.Functions.Members;

namespace UnionWeChat.Functions.Simulator;

/// <summary>
/// What a simulated worker does in the chat, as the page posts it to <c>/dev/wechat/send</c>.
/// Type is follow, unfollow, text (with Text), click (a menu key in Key, the button's label in Text) or view (a
/// menu link in Url).
/// </summary>
public sealed partial record WorkerAction(string? OpenId, string? Nickname, string? Type, string? Text = null, string? Key = null, string? Url = null)
{
    public const int MaxTextLength = 2000;
    public const int MaxNicknameLength = 32;
    private static readonly string[] Types = ["follow", "unfollow", "text", "click", "view"];

    /// <summary>Problems by field, as a validation problem lists them; empty when the action can be sent.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var problems = new Dictionary<string, string[]>();
        CheckMember(OpenId, Nickname, problems);
        if (Type is null || !Types.Contains(Type))
        {
            problems["type"] = ["must be one of " + string.Join(", ", Types)];
            return problems;
        }
        switch (Type)
        {
            case "text" when string.IsNullOrWhiteSpace(Text) || Text.Length > MaxTextLength:
                problems["text"] = [$"must be 1 to {MaxTextLength} characters"];
                break;
            // https://developers.weixin.qq.com/doc/service/api/custommenu/api_createcustommenu: keys are at most 128 bytes.
            case "click" when string.IsNullOrEmpty(Key) || Encoding.UTF8.GetByteCount(Key) > 128:
                problems["key"] = ["a menu key of 1 to 128 bytes is required"];
                break;
            case "view" when !Uri.TryCreate(Url, UriKind.Absolute, out var url) || (url.Scheme != "http" && url.Scheme != "https"):
                problems["url"] = ["an absolute http(s) URL is required"];
                break;
        }
        return problems;
    }

    /// <summary>Checks an openid and nickname (shared with the photo upload).</summary>
    public static void CheckMember(string? openId, string? nickname, Dictionary<string, string[]> problems)
    {
        if (!Member.IsOpenId(openId))
        {
            problems["openId"] = ["must be 6 to 64 letters, digits, '_' or '-' (like a WeChat openid)"];
        }
        if (nickname is { Length: > MaxNicknameLength })
        {
            problems["nickname"] = [$"must be at most {MaxNicknameLength} characters"];
        }
    }
}
