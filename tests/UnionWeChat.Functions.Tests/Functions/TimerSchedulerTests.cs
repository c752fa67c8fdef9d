using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Functions;

/// <summary>Standalone, the in-process scheduler fires the catalog's timers (the host does it in Azure).</summary>
public sealed class TimerSchedulerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Standalone_the_in_process_scheduler_fires_a_catalog_timer_on_its_schedule()
    {
        var probe = new ProbeJob();
        await using var app = new AppFactory(azurite.ConnectionString)
            .With("Timers:Standalone", "true")
            .WithServices(services =>
            {
                probe.Replace(services, PollTimer.Name, "* * * * * *");
            });
        using var _ = app.CreateClient();

        var fired = await Task.WhenAny(probe.FirstRun, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(probe.FirstRun, fired);
    }

    [Fact]
    public async Task The_scheduler_goes_on_after_a_failed_run()
    {
        var probe = new ProbeJob { FailWith = new InvalidOperationException("WeChat is down") };
        await using var app = new AppFactory(azurite.ConnectionString)
            .With("Timers:Standalone", "true")
            .WithServices(services =>
            {
                probe.Replace(services, NoticeTimer.Name, "* * * * * *");
            });
        using var _ = app.CreateClient();

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(probe.Runs >= 2), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100)),
            "the timer did not run again after it failed");
    }

    [Fact]
    public async Task With_Timers_Standalone_false_nothing_fires()
    {
        var probe = new ProbeJob();
        await using var app = new AppFactory(azurite.ConnectionString)
            .WithServices(services =>
            {
                probe.Replace(services, PollTimer.Name, "* * * * * *");
            });
        using var _ = app.CreateClient();

        Assert.DoesNotContain(app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s is TimerScheduler);
    }

    [Theory]
    [InlineData(EvidenceTimers.KeepSchedule, "2026-11-21T01:03:00Z", "2026-11-21T01:10:00Z")]
    [InlineData(PushLedgerCleanupTimer.Schedule, "2026-11-21T01:17:00Z", "2026-11-21T02:17:00Z")]
    [InlineData(SlaTimer.Schedule, "2026-11-21T01:14:59Z", "2026-11-21T01:15:00Z")]
    [InlineData(PollTimer.Schedule, "2026-11-21T01:00:30Z", "2026-11-21T01:01:00Z")]
    public void Schedules_are_read_with_seconds_in_utc(string schedule, string after, string next)
    {
        var timer = new TimerJob("t", schedule, typeof(ProbeJob));

        Assert.Equal(DateTimeOffset.Parse(next), TimerScheduler.NextOccurrence(timer, DateTimeOffset.Parse(after)));
    }
}
