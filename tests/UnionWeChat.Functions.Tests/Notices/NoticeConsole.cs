using System.Globalization;
using System.Text.RegularExpressions;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Tests.Staff;

namespace UnionWeChat.Functions.Tests.Notices;

/// <summary>The notices' console pages as a browser posts them: sign-in keys of <see cref="NoticeHarness"/>'s staff and the compose form's fields.</summary>
public static partial class NoticeConsole
{
    public const string Root = "/api/console/notices";

    public static readonly Dictionary<string, string> Keys = new()
    {
        ["alice"] = "alice-secret-0123456789",
        ["bob"] = "bob-secret-0123456789",
        ["tina"] = "tina-secret-0123456789",
        ["vic"] = "vic-secret-0123456789",
    };

    public static async Task<ConsoleSession> SignInAsync(NoticeHarness notices, string staff)
    {
        var session = new ConsoleSession(notices.App);
        using var signedIn = await session.SignInAsync(Keys[staff]);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);
        return session;
    }

    /// <summary>A filled compose form: a template notice to the 快递员 tag; <paramref name="change"/> replaces fields.</summary>
    public static List<KeyValuePair<string, string>> Form(string token, params (string Name, string Value)[] change)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("_form", token), new("title", "冬送温暖"), new("body", "慰问金申领开始"), new("channel", "template"), new("templateId", "TPL_notice_01"),
            new("kw", "thing1"), new("kv", "{title}"), new("kw", "thing2"), new("kv", "{body}"), new("kw", ""), new("kv", ""),
            new("audience", "tags"), new("tags", "快递员"), new("openids", ""), new("url", ""), new("sendAt", ""),
        };
        foreach (var name in change.Select(c => c.Name).Distinct())
        {
            fields.RemoveAll(f => f.Key == name);
        }
        fields.AddRange(change.Select(c => new KeyValuePair<string, string>(c.Name, c.Value)));
        return fields;
    }

    public static Task<HttpResponseMessage> PostAsync(ConsoleSession session, string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        session.Http.PostAsync(path, new FormUrlEncodedContent(fields));

    /// <summary>The notice id a successful compose redirected to.</summary>
    public static string CreatedId(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.SeeOther, response.StatusCode);
        var match = CreatedLocation().Match(response.Headers.Location!.OriginalString);
        Assert.True(match.Success, response.Headers.Location.OriginalString);
        return match.Groups[1].Value;
    }

    /// <summary>The keyword fields of the page's preview, in order.</summary>
    public static IReadOnlyList<(string, string)> Preview(string html)
    {
        var list = PreviewList().Match(html);
        Assert.True(list.Success, "the page has no template preview");
        return [.. PreviewField().Matches(list.Groups[1].Value).Select(m => (System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), System.Net.WebUtility.HtmlDecode(m.Groups[2].Value)))];
    }

    /// <summary>The number on the page's figure labelled <paramref name="label"/> (已发送, 已跳过…).</summary>
    public static int Figure(string html, string label)
    {
        var match = Regex.Match(html, $"<b>(\\d+)</b>{Regex.Escape(label)}");
        Assert.True(match.Success, $"no figure {label} on the page");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>A send time as the form's datetime-local field writes it, in Beijing time.</summary>
    public static string SendAt(DateTimeOffset at) => ChinaTime.Format(at, "yyyy-MM-ddTHH:mm");

    [GeneratedRegex("^/api/console/notices/([^/?]+)\\?done=created$")]
    private static partial Regex CreatedLocation();

    [GeneratedRegex("<dl class=\"wx\" id=\"preview\">(.*?)</dl>", RegexOptions.Singleline)]
    private static partial Regex PreviewList();

    [GeneratedRegex("<dt>(.*?)</dt><dd>(.*?)</dd>", RegexOptions.Singleline)]
    private static partial Regex PreviewField();
}
