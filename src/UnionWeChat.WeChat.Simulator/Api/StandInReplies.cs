using System.Text.Json.Nodes;

namespace UnionWeChat.WeChat.Simulator;

/// <summary>WeChat's answers: <c>{"errcode":N,"errmsg":"..."}</c> with the errmsg texts WeChat uses.</summary>
internal static class StandInReplies
{
    public static JsonObject Ok(string errmsg = "ok") => new() { ["errcode"] = 0, ["errmsg"] = errmsg };

    public static JsonObject Error(int code) => new() { ["errcode"] = code, ["errmsg"] = MessageOf(code) };

    public static string MessageOf(int code) => code switch
    {
        -1 => "system error",
        40001 => "invalid credential, access_token is invalid or not latest",
        40002 => "invalid grant_type",
        40003 => "invalid openid",
        40007 => "invalid media_id",
        40008 => "invalid message type",
        40013 => "invalid appid",
        40016 => "invalid button size",
        40017 => "invalid button type",
        40018 => "invalid button name size",
        40019 => "invalid button key size",
        40020 => "invalid button url size",
        40023 => "invalid sub button size",
        40024 => "invalid sub button type",
        40025 => "invalid sub button name size",
        40026 => "invalid sub button key size",
        40027 => "invalid sub button url size",
        40029 => "invalid code",
        40032 => "invalid openid list size",
        40035 => "invalid args",
        40037 => "invalid template_id",
        40125 => "invalid appsecret",
        40130 => "invalid openid list size, at least two openid",
        40163 => "code been used",
        40164 => "invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist",
        41001 => "access_token missing",
        41002 => "appid missing",
        41004 => "appsecret missing",
        41006 => "media_id missing",
        41008 => "missing code",
        42001 => "access_token expired",
        43004 => "require subscribe",
        44002 => "empty post data",
        45008 => "article size out of limit",
        45009 => "reach max api daily quota limit",
        45011 => "api minute-quota reach limit mustslower retry next minute",
        45015 => "response out of time limit or subscription is canceled",
        45028 => "has no masssend quota",
        45047 => "out of response count limit",
        45056 => "too many tags",
        45059 => "user tag count out of limit",
        45065 => "clientmsgid exist",
        45067 => "clientmsgid size out of limit",
        45157 => "invalid tag name",
        45158 => "tag name too long",
        45159 => "invalid tag id",
        46003 => "menu no exist",
        47001 => "data format error",
        89503 => "this call needs the administrator's confirmation",
        _ => "error",
    };
}
