using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Tests.Staff;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Cases.Sla;

public sealed class SlaJobTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Supervisor = "oSupervisor000000000000001";
    private const string Assignee = "oAssigneeTom00000000000001";

    private Task<StaffDesk> StartAsync() => StaffDesk.StartAsync(azurite, app => app
        .With("Staff:Notify:OpenIds:sue", Supervisor)
        .With("Staff:Notify:OpenIds:tom", Assignee)
        .With("Staff:Notify:Supervisors", "sue")
        .With("Staff:Notify:Template:TemplateId", StaffDesk.NotifyTemplateId)
        .With("Staff:Notify:Template:Fields:character_string1", "{number}")
        .With("Staff:Notify:Template:Fields:thing2", "{breach}")
        .With("Staff:Notify:Template:Fields:time3", "{due}"));

    [Fact]
    public async Task The_sla_timer_run_twice_over_an_overdue_case_notifies_once()
    {
        await using var desk = await StartAsync();
        var overdue = await InProgressCaseAsync(desk, TimeProvider.System.GetUtcNow().AddDays(-60));

        await RunJobAsync(desk);
        await RunJobAsync(desk);

        var notices = desk.Chat.WeChat.State.Sends.Where(m => m.Channel == SendChannel.Template).ToList();
        Assert.Single(notices, m => m.OpenId == Supervisor);
        Assert.Single(notices, m => m.OpenId == Assignee);
        Assert.All(notices, m => Assert.Contains(overdue.Number, m.Text, StringComparison.Ordinal));
        Assert.All(notices, m => Assert.Contains("办结超时", m.Text, StringComparison.Ordinal));
        var breach = Assert.Single(await desk.Service<BreachLedger>().ListAsync(TimeProvider.System.GetUtcNow().AddDays(-1), CancellationToken.None));
        Assert.Equal(SlaBreachKind.Resolution, breach.Breach);
        Assert.Contains("已通知 tom", breach.Notified, StringComparison.Ordinal);
        Assert.Single(await desk.Service<CaseStore>().HistoryAsync(overdue.Number, CancellationToken.None), e => e.Action == "sla-breach" && !e.VisibleToWorker);
    }

    [Fact]
    public async Task Two_instances_running_the_timer_at_once_still_notify_each_breach_once()
    {
        await using var desk = await StartAsync();
        await InProgressCaseAsync(desk, TimeProvider.System.GetUtcNow().AddDays(-60));

        await Task.WhenAll(RunJobAsync(desk), RunJobAsync(desk), RunJobAsync(desk));

        Assert.Equal(2, desk.Chat.WeChat.State.Sends.Count(m => m.Channel == SendChannel.Template));
    }

    [Fact]
    public async Task A_new_case_nobody_took_is_escalated_to_the_supervisors_only_and_late_first_responses_are_flagged()
    {
        await using var desk = await StartAsync();
        var untaken = await desk.CreateCaseAsync("oWorkerSla0000000000000003", "无人处理", createdAt: TimeProvider.System.GetUtcNow().AddDays(-5));

        await RunJobAsync(desk);

        var breaches = await desk.Service<BreachLedger>().ListAsync(TimeProvider.System.GetUtcNow().AddDays(-1), CancellationToken.None);
        Assert.Equal([SlaBreachKind.FirstResponse, SlaBreachKind.Unassigned], breaches.Select(b => b.Breach).Order());
        Assert.All(desk.Chat.WeChat.State.Sends, m => Assert.Equal(Supervisor, m.OpenId));
        Assert.Equal(2, desk.Chat.WeChat.State.Sends.Count);
        Assert.Contains(await desk.Service<CaseStore>().HistoryAsync(untaken.Number, CancellationToken.None), e => e.Action == "escalated");
        // Nothing the worker wrote or who they are goes to staff phones.
        Assert.All(desk.Chat.WeChat.State.Sends, m => Assert.DoesNotContain("无人处理", m.BodyJson, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cases_on_time_resolved_or_closed_are_not_flagged()
    {
        await using var desk = await StartAsync();
        var store = desk.Service<CaseStore>();
        await InProgressCaseAsync(desk, TimeProvider.System.GetUtcNow().AddHours(-1));
        var resolved = await InProgressCaseAsync(desk, TimeProvider.System.GetUtcNow().AddDays(-60));
        await store.ChangeAsync(resolved.Number, c => (c with { Status = CaseStatus.Resolved, ResolvedAt = TimeProvider.System.GetUtcNow() }, null), CancellationToken.None);

        await RunJobAsync(desk);

        Assert.Empty(desk.Chat.WeChat.State.Sends);
        Assert.Empty(await desk.Service<BreachLedger>().ListAsync(TimeProvider.System.GetUtcNow().AddDays(-1), CancellationToken.None));
    }

    [Fact]
    public async Task The_sla_timer_is_in_the_timer_catalog_every_15_minutes()
    {
        await using var desk = await StartAsync();
        var timer = Assert.Single(desk.Service<TimerCatalog>().Jobs, t => t.Job == typeof(SlaJob));
        Assert.Equal("0 */15 * * * *", timer.Schedule);
        await using var scope = desk.App.Services.CreateAsyncScope();
        Assert.IsType<SlaJob>(scope.ServiceProvider.GetRequiredService(timer.Job));
    }

    private static async Task<Case> InProgressCaseAsync(StaffDesk desk, DateTimeOffset createdAt)
    {
        var c = await desk.CreateCaseAsync($"oWorkerSla{Guid.NewGuid():N}"[..26], "逾期案件", createdAt: createdAt);
        return (await desk.Service<CaseStore>().ChangeAsync(c.Number, current => (current with
        {
            Status = CaseStatus.InProgress,
            Assignee = "tom",
            FirstResponseAt = createdAt.AddHours(1),
        }, null), CancellationToken.None))!;
    }

    private static async Task RunJobAsync(StaffDesk desk)
    {
        await using var scope = desk.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SlaJob>().RunAsync(CancellationToken.None);
    }
}
