using UnionWeChat.WeChat.Api;

namespace UnionWeChat.WeChat.Tests.Api;

public sealed class ForceRefreshAllowanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_first_force_refresh_is_allowed() => Assert.True(ForceRefreshAllowance.Allows([], Now));

    [Fact]
    public void Two_force_refreshes_must_be_30_seconds_apart()
    {
        Assert.False(ForceRefreshAllowance.Allows([Now.AddSeconds(-29)], Now));
        Assert.True(ForceRefreshAllowance.Allows([Now.AddSeconds(-30)], Now));
    }

    [Fact]
    public void The_twenty_first_within_24_hours_is_refused_and_allowed_again_when_the_oldest_ages_out()
    {
        var twenty = Enumerable.Range(0, 20).Select(i => Now.AddMinutes(-60 * i - 1)).ToList();

        Assert.False(ForceRefreshAllowance.Allows(twenty, Now));
        Assert.True(ForceRefreshAllowance.Allows(twenty, twenty.Min().AddDays(1)));
        Assert.Equal(19, ForceRefreshAllowance.Recent(twenty, twenty.Min().AddDays(1)).Count);
    }
}
