using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Outbound;
using UnionWeChat.Functions.Staff;

namespace UnionWeChat.Functions.Tests.Outbound;

public sealed class TemplateOptionsTests
{
    [Fact]
    public void Fields_are_filled_from_placeholders_and_cut_to_what_wechat_allows_for_their_type()
    {
        var template = new TemplateOptions
        {
            TemplateId = "t1",
            Fields = new() { ["character_string1"] = "{number}", ["thing2"] = "{text}", ["time3"] = "{time}", ["phrase4"] = "{status}" },
        };

        var data = template.Fill(new Dictionary<string, string>
        {
            ["number"] = "TS-20261121-0042",
            ["text"] = "您反映的拖欠工资问题已转交区总工会劳动法律监督委员会办理",
            ["time"] = "2026-11-21 09:30",
            ["status"] = "待补充材料",
        });

        Assert.Equal("TS-20261121-0042", data["character_string1"]);
        Assert.Equal(20, data["thing2"].Length);
        Assert.EndsWith("…", data["thing2"], StringComparison.Ordinal);
        Assert.Equal("2026-11-21 09:30", data["time3"]);
        Assert.Equal("待补充材料", data["phrase4"]);
    }

    [Fact]
    public void A_cut_never_splits_an_emoji()
    {
        var template = new TemplateOptions { TemplateId = "t1", Fields = new() { ["phrase1"] = "{text}" } };

        var value = template.Fill(new Dictionary<string, string> { ["text"] = "好的😀😀😀" })["phrase1"];

        Assert.Equal("好的😀…", value);
    }

    [Fact]
    public void A_template_without_fields_or_with_an_unknown_placeholder_is_a_configuration_problem()
    {
        var empty = new TemplateOptions { TemplateId = "t1" };
        var unknown = new TemplateOptions { TemplateId = "t1", Fields = new() { ["thing2"] = "{openid}" } };

        Assert.Equal(["Staff__ReplyTemplate__Fields"], empty.Validate("Staff__ReplyTemplate", ReplyPlaceholders.All).Select(p => p.Key));
        Assert.Equal(["Staff__ReplyTemplate__Fields__thing2"], unknown.Validate("Staff__ReplyTemplate", ReplyPlaceholders.All).Select(p => p.Key));
        Assert.Empty(new TemplateOptions().Validate("Staff__ReplyTemplate", ReplyPlaceholders.All));
    }
}
