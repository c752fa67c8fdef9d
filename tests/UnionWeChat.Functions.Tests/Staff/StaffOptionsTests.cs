using UnionWeChat.Functions.Staff;

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

        var keys = options.Validate().Select(p => p.Key).ToList();

        Assert.Equal(
        [
            "Staff__Keys__short", "Staff__Keys__role", "Staff__SessionLifetime", "Staff__SignInFailuresBeforeLockout",
        ], keys);
        Assert.Empty(new StaffOptions().Validate());
    }
}
