using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Tests.Hosting;

namespace UnionWeChat.Functions.Tests.Staff;

public sealed class StaffOptionsTests
{
    [Fact]
    public void Staff_settings_are_checked_and_each_problem_names_its_key()
    {
        var options = new StaffOptions
        {
            Keys = new() { ["ok"] = "admin:0123456789abcdef", ["short"] = "triage:tooshort", ["role"] = "boss:0123456789abcdef" },
            SessionLifetime = TimeSpan.FromDays(30),
            SignInFailuresBeforeLockout = 0,
        };
        options.Notify.Supervisors = "sue";
        options.Notify.Template.TemplateId = "t2";

        var keys = options.Validate().Select(p => p.Key).ToList();

        Assert.Equal(
        [
            "Staff__Keys__short", "Staff__Keys__role", "Staff__SessionLifetime", "Staff__SignInFailuresBeforeLockout",
            "Staff__Notify__Supervisors", "Staff__Notify__Template__Fields",
        ], keys);
        Assert.Empty(new StaffOptions().Validate());
    }

    [Fact]
    public async Task The_app_refuses_to_start_with_a_reply_template_that_has_no_fields()
    {
        var (exitCode, _, stderr) = await ConfigurationTests.RunAppAsync(new() { ["Staff__ReplyTemplate__TemplateId"] = "tmpl" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Staff__ReplyTemplate__Fields", stderr, StringComparison.Ordinal);
    }
}
