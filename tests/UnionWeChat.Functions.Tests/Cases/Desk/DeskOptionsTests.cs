using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Tests.Hosting;

namespace UnionWeChat.Functions.Tests.Cases.Desk;

public sealed class DeskOptionsTests
{
    [Fact]
    public void Desk_settings_are_checked_under_the_keys_deployments_already_use()
    {
        var options = new DeskOptions();
        options.Notify.Supervisors = "sue";
        options.Notify.Template.TemplateId = "t2";
        options.ReplyTemplate.TemplateId = "t1";
        options.ReplyTemplate.Fields["thing2"] = "{nosuch}";

        var keys = options.Validate().Select(p => p.Key).ToList();

        Assert.Equal(["Staff__ReplyTemplate__Fields__thing2", "Staff__Notify__Supervisors", "Staff__Notify__Template__Fields"], keys);
        Assert.Empty(new DeskOptions().Validate());
    }

    [Fact]
    public async Task The_app_refuses_to_start_with_a_reply_template_that_has_no_fields()
    {
        var (exitCode, _, stderr) = await ConfigurationTests.RunAppAsync(new() { ["Staff__ReplyTemplate__TemplateId"] = "tmpl" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Staff__ReplyTemplate__Fields", stderr, StringComparison.Ordinal);
    }
}
