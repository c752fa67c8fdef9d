using UnionWeChat.Functions.Notices;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Notices;

public sealed class NoticeSenderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Every_recipient_gets_the_template_message_once_and_the_notice_completes()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var members = await notices.FollowersAsync(40);
        var id = await notices.CreateAsync(NoticeHarness.Template(members));

        var reports = await notices.SendAsync();

        Assert.Equal(40, Assert.Single(reports).Sent);
        Assert.Equal(members.Order(), notices.WeChat.State.Sends.Select(s => s.OpenId).Order());
        Assert.All(notices.WeChat.State.Sends, s => Assert.Equal(SendChannel.Template, s.Channel));
        Assert.Contains("7月15日起", notices.WeChat.State.Sends[0].Text);
        var notice = await notices.GetAsync(id);
        Assert.Equal("completed", notice.GetProperty("status").GetString());
        Assert.Equal((40, 40, 0, 0), (NoticeHarness.Count(notice, "total"), NoticeHarness.Count(notice, "sent"), NoticeHarness.Count(notice, "pending"), NoticeHarness.Count(notice, "sending")));

        // A later run finds nothing to do.
        await notices.SendAsync();
        Assert.Equal(40, notices.WeChat.State.CallCount(NoticeHarness.TemplatePath));
    }

    [Fact]
    public async Task Two_overlapping_runs_on_two_instances_never_send_to_the_same_recipient_twice()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite, configure: app => app
            .With("Notices:RequestsPerSecond", "100")
            .With("Notices:ClaimBatchSize", "10"));
        var second = notices.SecondInstance();
        _ = notices.Service<NoticeStore>(second);
        var members = await notices.FollowersAsync(300);
        var id = await notices.CreateAsync(NoticeHarness.Template(members));
        // Start it and write its audience, so that both instances meet in the sending itself.
        var store = notices.Service<NoticeStore>();
        var started = await store.ChangeAsync(id, n => n with { Status = NoticeStatus.Sending, StartedAt = n.SendAt }, CancellationToken.None);
        Assert.NotNull(await notices.Service<AudienceExpander>().ExpandAsync(started.Notice!, CancellationToken.None));

        var runs = await Task.WhenAll(notices.SendAsync(), notices.SendAsync(second), notices.SendAsync(second), notices.SendAsync());

        Assert.Equal(300, runs.SelectMany(r => r).Sum(r => r.Sent));
        // Not one repeated call: the claims alone kept them apart, WeChat's de-duplication was not needed.
        Assert.Equal(300, notices.WeChat.State.CallCount(NoticeHarness.TemplatePath));
        Assert.Empty(notices.Duplicates());
        Assert.Equal(300, notices.WeChat.State.Sends.Count);
        Assert.Equal(300, NoticeHarness.Count(await notices.GetAsync(id), "sent"));
    }

    [Fact]
    public async Task Quota_used_up_half_way_stops_cleanly_and_the_next_day_completes_the_rest()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.FromHours(8)));
        await using var notices = await NoticeHarness.StartAsync(azurite, clock);
        notices.WeChat.State.SetDailyQuota(NoticeHarness.TemplatePath, 12);
        var members = await notices.FollowersAsync(25);
        var id = await notices.CreateAsync(NoticeHarness.Template(members));

        var first = Assert.Single(await notices.SendAsync());

        Assert.Equal((12, NoticeStop.QuotaExhausted), (first.Sent, first.Stop));
        var stopped = await notices.GetAsync(id);
        Assert.Equal("sending", stopped.GetProperty("status").GetString());
        Assert.Equal((12, 13, 0), (NoticeHarness.Count(stopped, "sent"), NoticeHarness.Count(stopped, "pending"), NoticeHarness.Count(stopped, "sending")));
        Assert.Contains("45009", stopped.GetProperty("lastStop").GetString());
        Assert.True(stopped.GetProperty("progress").GetProperty("estimatedCompletion").GetDateTimeOffset() >= new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.FromHours(8)));

        // Later the same day nothing is tried: the quota is known to be gone.
        var calls = notices.WeChat.State.CallCount(NoticeHarness.TemplatePath);
        clock.Advance(TimeSpan.FromHours(2));
        await notices.SendAsync();
        Assert.Equal(calls, notices.WeChat.State.CallCount(NoticeHarness.TemplatePath));

        // The next day (Beijing time) the rest goes out.
        notices.WeChat.State.SetDailyQuota(NoticeHarness.TemplatePath, 100);
        clock.Set(new DateTimeOffset(2026, 11, 22, 0, 5, 0, TimeSpan.FromHours(8)));
        var next = Assert.Single(await notices.SendAsync());

        Assert.Equal(13, next.Sent);
        Assert.Equal(members.Order(), notices.WeChat.State.Sends.Select(s => s.OpenId).Order());
        Assert.Equal("completed", (await notices.GetAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Permanent_errors_are_recorded_per_recipient_and_not_retried()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var members = await notices.FollowersAsync(6);
        notices.WeChat.State.Unfollow(members[1]);
        var unknown = "oNeverFollowedTheAccount0001";
        await notices.Service<UnionWeChat.Functions.Members.MemberStore>().FollowAsync(unknown, null, CancellationToken.None);
        var id = await notices.CreateAsync(NoticeHarness.Template([.. members, unknown]));

        await notices.SendAsync();
        await notices.SendAsync();

        var failed = await notices.RowsAsync(id, RecipientState.Failed);
        Assert.Equal(
            new[] { (members[1], 43004), (unknown, 40003) }.OrderBy(f => f.Item1),
            failed.Select(r => (r.OpenId, r.ErrCode ?? 0)).OrderBy(f => f.Item1));
        Assert.Equal(7, notices.WeChat.State.CallCount(NoticeHarness.TemplatePath));
        var notice = await notices.GetAsync(id);
        Assert.Equal((5, 2, "completed"), (NoticeHarness.Count(notice, "sent"), NoticeHarness.Count(notice, "failed"), notice.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Busy_and_server_errors_are_retried_and_still_reach_each_member_once()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var members = await notices.FollowersAsync(5);
        notices.WeChat.State.FailNext(NoticeHarness.TemplatePath, -1, times: 2);
        notices.WeChat.State.FailWithHttpStatus(NoticeHarness.TemplatePath, 502);
        var id = await notices.CreateAsync(NoticeHarness.Template(members));

        await notices.SendAsync();

        Assert.Equal(5, NoticeHarness.Count(await notices.GetAsync(id), "sent"));
        Assert.Equal(members.Order(), notices.WeChat.State.Sends.Select(s => s.OpenId).Order());
    }

    [Fact]
    public async Task Members_who_opted_out_are_skipped_unless_the_notice_is_essential()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var members = await notices.FollowersAsync(3);
        var optedOut = await notices.FollowersAsync(2, "oOptedOut", optedOut: true);
        var ordinary = await notices.CreateAsync(NoticeHarness.Template([.. members, .. optedOut]));

        await notices.SendAsync();

        Assert.Equal(members.Order(), notices.WeChat.State.Sends.Select(s => s.OpenId).Order());
        var skipped = await notices.RowsAsync(ordinary, RecipientState.Skipped);
        Assert.All(skipped, r => Assert.Equal(AudienceResolver.OptedOut, r.Reason));
        Assert.Equal(2, NoticeHarness.Count(await notices.GetAsync(ordinary), "skipped"));

        await notices.CreateAsync(NoticeHarness.Template(optedOut, essential: true));
        await notices.SendAsync();

        Assert.Equal(optedOut.Order(), notices.WeChat.State.Sends.Skip(3).Select(s => s.OpenId).Order());
    }

    [Fact]
    public async Task A_paused_notice_stops_at_the_end_of_its_batch_and_resumes_where_it_stopped()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite, configure: app => app
            .With("Notices:Buckets", "1")
            .With("Notices:SendConcurrency", "1")
            .With("Notices:ClaimBatchSize", "5"));
        var members = await notices.FollowersAsync(30);
        var id = await notices.CreateAsync(NoticeHarness.Template(members));
        var release = new TaskCompletionSource();
        // Hold the 8th send (in the second batch of five) until the notice is paused.
        for (var i = 0; i < 7; i++)
        {
            _ = notices.WeChat.State.DelayNext(NoticeHarness.TemplatePath, Task.CompletedTask);
        }
        var eighth = notices.WeChat.State.DelayNext(NoticeHarness.TemplatePath, release.Task);

        var run = notices.SendAsync();
        await eighth;
        using (var pause = await notices.Staff("tina").PostAsync($"/api/staff/notices/{id}/pause", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, pause.StatusCode);
        }
        release.SetResult();
        var report = Assert.Single(await run);

        Assert.Equal((10, NoticeStop.Paused), (report.Sent, report.Stop));
        var paused = await notices.GetAsync(id);
        Assert.Equal(("paused", 20), (paused.GetProperty("status").GetString(), NoticeHarness.Count(paused, "pending")));
        Assert.Empty(await notices.SendAsync());

        using (var resume = await notices.Staff("tina").PostAsync($"/api/staff/notices/{id}/resume", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, resume.StatusCode);
        }
        await notices.SendAsync();

        Assert.Equal(members.Order(), notices.WeChat.State.Sends.Select(s => s.OpenId).Order());
        Assert.Equal("completed", (await notices.GetAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_cancelled_notice_is_never_sent()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var members = await notices.FollowersAsync(3);
        var id = await notices.CreateAsync(NoticeHarness.Template(members));

        using (var cancel = await notices.Staff("tina").PostAsync($"/api/staff/notices/{id}/cancel", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, cancel.StatusCode);
        }
        await notices.SendAsync();

        Assert.Empty(notices.WeChat.State.Sends);
        Assert.Equal("cancelled", (await notices.GetAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_send_cut_off_by_a_crash_is_repeated_with_the_same_client_msg_id_and_reaches_the_member_once()
    {
        var clock = new ManualTimeProvider();
        await using var notices = await NoticeHarness.StartAsync(azurite, clock, app => app
            .With("Notices:Buckets", "1")
            .With("Notices:SendConcurrency", "1"));
        var members = await notices.FollowersAsync(4);
        var id = await notices.CreateAsync(NoticeHarness.Template(members));
        // WeChat takes the first message but its answer never comes back: the sender is stopped while waiting.
        var release = new TaskCompletionSource();
        var handled = notices.WeChat.State.HoldAnswer(NoticeHarness.TemplatePath, release.Task);
        using var crash = new CancellationTokenSource();

        var run = notices.SendAsync(ct: crash.Token);
        await handled;
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        release.SetResult();

        var stuck = Assert.Single(await notices.RowsAsync(id, RecipientState.Sending));
        Assert.Equal(3, (await notices.RowsAsync(id, RecipientState.Pending)).Count);

        // Within its lease nobody touches it; after, it is sent again and WeChat drops the repeat.
        await notices.SendAsync();
        Assert.Single(await notices.RowsAsync(id, RecipientState.Sending));
        clock.Advance(TimeSpan.FromMinutes(3));
        await notices.SendAsync();

        Assert.Empty(notices.Duplicates());
        Assert.Equal(members.Order(), notices.WeChat.State.Sends.Select(s => s.OpenId).Order());
        Assert.Equal(5, notices.WeChat.State.CallCount(NoticeHarness.TemplatePath));
        var repeated = await notices.Service<OutboxStore>().GetAsync(stuck.Partition, stuck.OpenId, CancellationToken.None);
        Assert.Equal((RecipientState.Sent, notices.WeChat.State.MessagesFor(stuck.OpenId).Single().Id), (repeated!.State, repeated.MsgId!.Value));
    }

    [Fact]
    public async Task A_claim_that_lapsed_beyond_wechats_repeat_window_is_left_unconfirmed_and_not_sent_again()
    {
        var clock = new ManualTimeProvider();
        await using var notices = await NoticeHarness.StartAsync(azurite, clock, app => app
            .With("Notices:Buckets", "1")
            .With("Notices:SendConcurrency", "1"));
        var members = await notices.FollowersAsync(2);
        var id = await notices.CreateAsync(NoticeHarness.Template(members));
        var release = new TaskCompletionSource();
        var handled = notices.WeChat.State.HoldAnswer(NoticeHarness.TemplatePath, release.Task);
        using var crash = new CancellationTokenSource();
        var run = notices.SendAsync(ct: crash.Token);
        await handled;
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        release.SetResult();

        // Nobody ran for a quarter of an hour: WeChat would no longer recognise a repeat.
        clock.Advance(TimeSpan.FromMinutes(15));
        await notices.SendAsync();

        Assert.Equal(2, notices.WeChat.State.CallCount(NoticeHarness.TemplatePath));
        Assert.Empty(notices.Duplicates());
        var notice = await notices.GetAsync(id);
        Assert.Equal((1, 1, "completed"), (NoticeHarness.Count(notice, "sent"), NoticeHarness.Count(notice, "unconfirmed"), notice.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_template_wechat_refuses_pauses_the_notice_for_staff_after_one_try()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite, configure: app => app
            .With("Notices:Buckets", "1")
            .With("Notices:SendConcurrency", "1"));
        var members = await notices.FollowersAsync(5);
        notices.WeChat.State.FailNext(NoticeHarness.TemplatePath, 40037);
        var id = await notices.CreateAsync(NoticeHarness.Template(members));

        var report = Assert.Single(await notices.SendAsync());

        Assert.Equal(NoticeStop.TemplateRejected, report.Stop);
        var notice = await notices.GetAsync(id);
        Assert.Equal(("paused", 5), (notice.GetProperty("status").GetString(), NoticeHarness.Count(notice, "pending")));
        Assert.Contains("40037", notice.GetProperty("lastStop").GetString());
        Assert.Equal(1, notices.WeChat.State.CallCount(NoticeHarness.TemplatePath));
    }

    [Fact]
    public async Task Writing_the_audience_again_after_a_crash_adds_only_what_is_missing_and_moves_nothing_back()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var members = await notices.FollowersAsync(150);
        var id = await notices.CreateAsync(NoticeHarness.Template(members));
        var store = notices.Service<NoticeStore>();
        var outbox = notices.Service<OutboxStore>();
        var expander = notices.Service<AudienceExpander>();
        var started = (await store.ChangeAsync(id, n => n with { Status = NoticeStatus.Sending, StartedAt = n.SendAt }, CancellationToken.None)).Notice!;
        // A first attempt wrote part of one bucket, one of its rows was even sent, and then it died.
        var partition = NoticeKeys.Partition(id, 0);
        var (counter, _) = await outbox.OpenCounterAsync(partition, CancellationToken.None);
        var early = members.Where(m => NoticeKeys.BucketOf(m, 4) == 0).Take(5).Select(m => new OutboxRow { Partition = partition, OpenId = m }).ToList();
        await outbox.InsertAsync(counter, early, CancellationToken.None);
        var first = await outbox.GetAsync(partition, early[0].OpenId, CancellationToken.None);
        await outbox.ApplyAsync(counter, [new OutboxTransition(first!, r => r with { State = RecipientState.Sent, MsgId = 42 })], CancellationToken.None);

        var expanded = await expander.ExpandAsync(started, CancellationToken.None);
        // And once more, as an instance taking over a lapsed expansion lease would.
        var reopened = await store.ChangeAsync(id, n => n with { ExpandedAt = null, ExpansionLeaseUntil = null }, CancellationToken.None);
        await expander.ExpandAsync(reopened.Notice!, CancellationToken.None);

        var counts = (await outbox.CountersAsync(expanded!, CancellationToken.None)).Aggregate(OutboxCounts.Zero, (sum, c) => sum.Plus(c.Counts));
        Assert.Equal((150, 149, 1), (counts.Total, counts.Pending, counts.Sent));
        var rows = (await notices.RowsAsync(id, RecipientState.Pending)).Concat(await notices.RowsAsync(id, RecipientState.Sent)).ToList();
        Assert.Equal(members.Order(), rows.Select(r => r.OpenId).Order());
        Assert.Equal(42, (await outbox.GetAsync(partition, early[0].OpenId, CancellationToken.None))!.MsgId);
    }
}
