using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff.Pages;

namespace UnionWeChat.Functions.Tests.Staff.Pages;

public sealed class HtmlTests
{
    [Fact]
    public void Every_hole_is_encoded_unless_it_is_markup_and_chinese_stays_readable()
    {
        const string worker = "<img src=x onerror=alert(1)> \"引号\" & '单引号'";
        var rows = new[] { "<b>", "工资" }.Select(t => Html.Of($"<li>{t}</li>"));

        var html = Html.Of($"<p title=\"{worker}\">{worker}</p><ul>{rows}</ul>{new Markup("<hr>")}{42}{(string?)null}").Value;

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"引号\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<li>&lt;b&gt;</li><li>工资</li>", html, StringComparison.Ordinal);
        Assert.EndsWith("<hr>42", html, StringComparison.Ordinal);
    }
}
