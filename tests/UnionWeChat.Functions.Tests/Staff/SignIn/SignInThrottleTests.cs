using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Staff.SignIn;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Staff.SignIn;

public sealed class SignInThrottleTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly SignInThrottle _throttle;

    public SignInThrottleTests() => _throttle = new SignInThrottle(new StaffOptions(), _time);

    [Fact]
    public void Each_failure_after_the_lockout_doubles_it_and_other_addresses_are_untouched()
    {
        Fail("203.0.113.7", 5);
        Assert.True(_throttle.IsLockedOut("203.0.113.7", out var first));
        Assert.Equal(TimeSpan.FromMinutes(1), first);
        Assert.False(_throttle.IsLockedOut("203.0.113.8", out _));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(_throttle.IsLockedOut("203.0.113.7", out _));
        Fail("203.0.113.7", 1);
        Assert.True(_throttle.IsLockedOut("203.0.113.7", out var second));
        Assert.Equal(TimeSpan.FromMinutes(2), second);

        Fail("203.0.113.7", 10);
        Assert.True(_throttle.IsLockedOut("203.0.113.7", out var capped));
        Assert.Equal(TimeSpan.FromMinutes(30), capped);
    }

    [Fact]
    public void A_success_or_an_hour_without_failures_forgets_an_address()
    {
        Fail("203.0.113.9", 4);
        _throttle.RecordSuccess("203.0.113.9");
        Fail("203.0.113.9", 4);
        Assert.False(_throttle.IsLockedOut("203.0.113.9", out _));

        _time.Advance(TimeSpan.FromHours(2));
        Fail("203.0.113.9", 4);
        Assert.False(_throttle.IsLockedOut("203.0.113.9", out _));
    }

    private void Fail(string address, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _throttle.RecordFailure(address);
        }
    }
}
